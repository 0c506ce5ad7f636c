package org.lct.enrichment.service;

import java.util.Set;

/**
 * A parsed {@code If-Match} header (RFC 9110 §13.1.1): {@code *}, or the versions named by its strong entity tags.
 * Weak tags never match (If-Match uses the strong comparison), so they are not kept; a header of weak tags only
 * matches nothing.
 */
public record IfMatch(boolean any, Set<Integer> versions) {

    public static final IfMatch ANY = new IfMatch(true, Set.of());

    public IfMatch {
        versions = Set.copyOf(versions);
    }

    public boolean matches(int version) {
        return any || versions.contains(version);
    }
}
