package org.lct.district.rest;

/** Parameter descriptions shared by the operations' OpenAPI annotations, so each filter reads the same everywhere. */
final class ApiDocs {

    static final String STATE = "Comma list of two-letter state codes, case-insensitive; a district matches any of them (state=CA,OR).";
    static final String YEAR = "NCES school year as YYYY-YY. Default: the newest year loaded (see /api/v1/metadata default_year).";
    static final String RESULT_YEAR = "NCES school year as YYYY-YY. Default: the newest year with a successful calculation run.";
    static final String NAME = "Case-insensitive part of the district name (at most 100 characters).";
    static final String ENROLLMENT_MIN = "Smallest enrollment, inclusive (whole number).";
    static final String ENROLLMENT_MAX = "Largest enrollment, inclusive (whole number, not below enrollment_min).";
    static final String LCT_MIN = "Smallest LCT in minutes, inclusive (decimal).";
    static final String LCT_MAX = "Largest LCT in minutes, inclusive (decimal, not below lct_min).";
    static final String HAS_BELL_SCHEDULE = "true: only districts with a collected bell schedule; false: only those without.";
    static final String SCOPE = "Staff scope of the LCT shown and filtered (see /api/v1/metadata staff_scopes). Default: the first "
            + "scope, in that order, that the year's current results contain (teachers_total on the bundled NCES data); "
            + "filters.scope echoes it.";
    static final String SCOPES = "Comma list of staff scopes (see /api/v1/metadata staff_scopes). Default: all.";
    static final String PAGE = "Page number, from 1. Default: 1.";
    static final String SIZE = "Rows per page, 1 to 400 (larger sizes are refused, not clamped; ask for CSV for every row). Default: 50.";
    static final String FORMAT = "json or csv. csv streams every matching row (no pages) with a header row; the same as Accept: text/csv.";
    static final String NCES_ID = "NCES LEA id, 7 digits, leading zeros optional (0622710 or 622710).";
    static final String STATE_CODE = "Two-letter state code, case-insensitive.";

    private ApiDocs() {
    }
}
