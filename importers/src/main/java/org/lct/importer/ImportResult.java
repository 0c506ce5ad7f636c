package org.lct.importer;

import java.util.List;

/** The outcome of an accepted file: the counts, and warnings such as id corrections that were applied. */
public record ImportResult(ImportKind kind, ImportCounts counts, List<String> warnings) {
}
