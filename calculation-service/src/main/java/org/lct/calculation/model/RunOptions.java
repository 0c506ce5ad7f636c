package org.lct.calculation.model;

/** A run's validated parameters, as stored in {@code calculation_runs.parameters}. */
public record RunOptions(String mode, String year, java.util.List<String> scopes, boolean referenceG1,
        int defaultMinutes) {

    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";
    public static final String G1 = "g1";
}
