package org.lct.importer;

import java.util.List;

/** What a file holds; also the key of the lock that keeps two imports of one kind from interleaving. */
public enum ImportKind {
    /** Also adds each new district to leas (a trigger of districts). */
    DISTRICTS("districts", "districts", "leas"),
    STATE_REQUIREMENTS("state-requirements", "state_requirements"),
    BELL_SCHEDULES("bell-schedules", "bell_schedules"),
    /** NCES CCD LEA membership long file (052), per-grade subtotals. */
    ENROLLMENT_BY_GRADE("enrollment-by-grade", "enrollment_by_grade"),
    /** NCES CCD LEA staff long file (059), by staff category. */
    STAFF_COUNTS("staff-counts", "staff_counts");

    private final String slug;
    private final List<String> tables;

    ImportKind(String slug, String... tables) {
        this.slug = slug;
        this.tables = List.of(tables);
    }

    public String slug() {
        return slug;
    }

    /** The input tables an import of this kind writes. */
    public List<String> tables() {
        return tables;
    }
}
