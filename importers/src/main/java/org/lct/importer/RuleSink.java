package org.lct.importer;

/** Where a rule reports a broken field: a file's problem list, or an HTTP request's field errors. */
@FunctionalInterface
public interface RuleSink {
    void fail(String field, String rule, String message);
}
