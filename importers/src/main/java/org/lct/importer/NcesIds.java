package org.lct.importer;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * NCES LEA ids are 7 digits (2 of state FIPS, 5 of district); spreadsheets drop the leading zero of states
 * 01–09, so shorter ids are padded back.
 */
public final class NcesIds {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,7}");

    /**
     * Ids known to be wrong in collected data, and the NCES id they mean. Each entry is documented in docs/api-guide.md
     * (enrichment-service, "Imports"); an import applies them with a warning and the lineage records the stored id.
     */
    public static final Map<String, String> CORRECTIONS = Map.of(
            // Great Falls Elementary (MT): collected as 3000052; its 2023-24 NCES id is 3013040.
            "3000052", "3013040");

    private NcesIds() {
    }

    /** The 7-digit id, or null when {@code raw} is not 1–7 digits. */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String trimmed = raw.strip();
        if (!DIGITS.matcher(trimmed).matches()) {
            return null;
        }
        return "0".repeat(7 - trimmed.length()) + trimmed;
    }
}
