package org.lct.calculation.model;

/** A hierarchy check of the QA report (table staff_scope_hierarchy_checks): lowerScope's mean LCT must be below higherScope's. */
public record ScopeHierarchyCheck(String label, String lowerScope, String higherScope) {
}
