package org.lct.enrichment.rest;

import jakarta.ws.rs.core.EntityTag;

import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.enrichment.service.BellScheduleService;

/** A bell schedule's ETag is its row version. */
final class ETags {

    private ETags() {
    }

    static EntityTag of(int version) {
        return new EntityTag(Integer.toString(version));
    }

    /** The version an If-Match header names ({@code *}: any); null when the header is absent. */
    static Integer ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.equals("*")) {
            return BellScheduleService.ANY_VERSION;
        }
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("If-Match", FieldError.HEADER, "etag_format",
                    "must be the ETag of the schedule as read, e.g. \"3\"");
        }
    }
}
