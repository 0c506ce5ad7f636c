package org.lct.importer;

import java.util.Map;

/** NCES LEA ids as collected data gets them wrong; the ids themselves are {@link org.lct.common.values.NcesId}. */
public final class NcesIds {

    /**
     * Ids known to be wrong in collected data, and the NCES id they mean. Each entry is documented in docs/api-guide.md
     * (enrichment-service, "Imports"); an import applies them with a warning and the lineage records the stored id.
     */
    public static final Map<String, String> CORRECTIONS = Map.of(
            // Great Falls Elementary (MT): collected as 3000052; its 2023-24 NCES id is 3013040.
            "3000052", "3013040");

    private NcesIds() {
    }
}
