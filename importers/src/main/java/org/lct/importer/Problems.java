package org.lct.importer;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of a whole file before rejecting it, so a fix-and-retry loop needs one round. */
final class Problems {

    /** Enough to see every kind of mistake in a file; a file with 17,842 bad rows does not need them all listed. */
    static final int MAX_LISTED = 200;

    private final List<ImportProblem> listed = new ArrayList<>();
    private int total;

    void add(Integer line, String field, String rule, String message) {
        total++;
        if (listed.size() < MAX_LISTED) {
            listed.add(new ImportProblem(line, field, rule, message));
        }
    }

    void add(ImportProblem problem) {
        add(problem.line(), problem.field(), problem.rule(), problem.message());
    }

    boolean isEmpty() {
        return total == 0;
    }

    void throwIfAny() {
        if (total > 0) {
            throw new ImportRejectedException(listed, total);
        }
    }
}
