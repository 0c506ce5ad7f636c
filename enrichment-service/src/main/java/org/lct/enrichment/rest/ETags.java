package org.lct.enrichment.rest;

import java.util.HashSet;
import java.util.Set;

import jakarta.ws.rs.core.EntityTag;

import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.enrichment.service.IfMatch;

/** A bell schedule's ETag is its row version. */
final class ETags {

    private ETags() {
    }

    static EntityTag of(int version) {
        return new EntityTag(Integer.toString(version));
    }

    /**
     * The If-Match header (RFC 9110 §13.1.1) as the versions it accepts; null when the header is absent. A list of
     * tags is honoured; weak tags ({@code W/"3"}) never match, as the strong comparison requires; a strong tag that
     * is no version of ours matches nothing. A header that is not a list of entity tags answers 400.
     */
    static IfMatch ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.equals("*")) {
            return IfMatch.ANY;
        }
        Set<Integer> versions = new HashSet<>();
        int i = 0;
        while (i < value.length()) {
            boolean weak = value.startsWith("W/", i);
            int open = weak ? i + 2 : i;
            int close = open < value.length() && value.charAt(open) == '"' ? value.indexOf('"', open + 1) : -1;
            if (close < 0) {
                throw malformed();
            }
            String opaque = value.substring(open + 1, close);
            if (!weak && opaque.matches("0|[1-9][0-9]{0,8}")) {
                versions.add(Integer.parseInt(opaque));
            }
            i = close + 1;
            while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            if (i < value.length()) {
                if (value.charAt(i) != ',') {
                    throw malformed();
                }
                i++;
                while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                    i++;
                }
                if (i == value.length()) {
                    throw malformed();
                }
            }
        }
        return new IfMatch(false, versions);
    }

    private static ProblemException malformed() {
        return ProblemException.invalid("If-Match", FieldError.HEADER, "etag_format",
                "must be * or a list of the schedule's ETags as read, e.g. \"3\"");
    }
}
