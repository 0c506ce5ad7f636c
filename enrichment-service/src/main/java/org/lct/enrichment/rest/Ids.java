package org.lct.enrichment.rest;

import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.RequestViolations;
import org.lct.importer.NcesIds;

/** Path ids, parsed with a problem answer instead of a 404 from a failed conversion. */
final class Ids {

    private Ids() {
    }

    static long positiveLong(String field, String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid(field, FieldError.PATH, "integer",
                "must be a positive whole number, got '" + RequestViolations.abbreviate(raw) + "'");
    }

    /** An NCES LEA id with or without its leading zeros; a bad one is named as the documented path parameter. */
    static String ncesId(String raw) {
        String id = NcesIds.normalize(raw);
        if (id == null) {
            throw ProblemException.invalid("ncesId", FieldError.PATH, "nces_id_format", badNcesId(raw));
        }
        return id;
    }

    /** The required query parameter nces_id; null when absent or malformed (the violation is recorded). */
    static String ncesIdParameter(RequestViolations violations, String raw) {
        if (raw == null || raw.isBlank()) {
            violations.add("nces_id", FieldError.QUERY, "required", "the district's NCES LEA id is required");
            return null;
        }
        String id = NcesIds.normalize(raw);
        if (id == null) {
            violations.add("nces_id", FieldError.QUERY, "nces_id_format", badNcesId(raw));
        }
        return id;
    }

    private static String badNcesId(String raw) {
        return "must be an NCES LEA id of up to 7 digits, got '" + RequestViolations.abbreviate(raw) + "'";
    }
}
