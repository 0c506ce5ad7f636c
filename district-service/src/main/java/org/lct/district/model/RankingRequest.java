package org.lct.district.model;

import java.util.List;

/**
 * One LCT ranking: the N highest ({@code top}) or lowest values of a scope and year, nationally ({@code states}
 * null) or per state. Invalid values (methodology point 5) are left out unless {@code includeInvalid}.
 */
public record RankingRequest(String year, String scope, List<String> states, boolean top, int limit,
        boolean includeInvalid) {
}
