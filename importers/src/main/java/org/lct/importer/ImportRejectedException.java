package org.lct.importer;

import java.util.List;

/** The file was refused as a whole; nothing was written. Lists every problem found, up to a cap. */
public class ImportRejectedException extends RuntimeException {

    private final List<ImportProblem> problems;
    private final int totalProblems;

    public ImportRejectedException(List<ImportProblem> problems, int totalProblems) {
        super(totalProblems + " problem(s) in the file; nothing was imported", null, false, false);
        this.problems = List.copyOf(problems);
        this.totalProblems = totalProblems;
    }

    public ImportRejectedException(ImportProblem problem) {
        this(List.of(problem), 1);
    }

    public List<ImportProblem> problems() {
        return problems;
    }

    /** All problems found, of which {@link #problems()} lists the first {@link Problems#MAX_LISTED}. */
    public int totalProblems() {
        return totalProblems;
    }
}
