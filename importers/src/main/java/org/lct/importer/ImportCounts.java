package org.lct.importer;

/** What an import did (or, in a dry run, would do): rows read, and how many were new, changed or the same. */
public record ImportCounts(int rows, int inserted, int updated, int unchanged) {

    static ImportCounts of(int rows, int inserted, int updated) {
        return new ImportCounts(rows, inserted, updated, rows - inserted - updated);
    }

    public ImportCounts plus(ImportCounts other) {
        return new ImportCounts(rows + other.rows, inserted + other.inserted, updated + other.updated,
                unchanged + other.unchanged);
    }
}
