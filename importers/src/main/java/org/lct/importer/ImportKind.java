package org.lct.importer;

/** What a file holds; also the key of the lock that keeps two imports of one kind from interleaving. */
public enum ImportKind {
    DISTRICTS("districts"),
    STATE_REQUIREMENTS("state-requirements"),
    BELL_SCHEDULES("bell-schedules");

    private final String slug;

    ImportKind(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
