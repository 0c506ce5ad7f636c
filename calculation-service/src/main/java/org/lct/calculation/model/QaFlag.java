package org.lct.calculation.model;

/** A safeguard flag of the catalogue (table qa_flags): its code, severity and what raises it. */
public record QaFlag(String code, QaReport.FlagSeverity severity, String description) {
}
