package org.lct.importer;

/** What a file holds; also the key of the lock that keeps two imports of one kind from interleaving. */
public enum ImportKind {
    DISTRICTS("districts"),
    STATE_REQUIREMENTS("state-requirements"),
    BELL_SCHEDULES("bell-schedules"),
    /** NCES CCD LEA membership long file (052), per-grade subtotals. */
    ENROLLMENT_BY_GRADE("enrollment-by-grade"),
    /** NCES CCD LEA staff long file (059), by staff category. */
    STAFF_COUNTS("staff-counts");

    private final String slug;

    ImportKind(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
