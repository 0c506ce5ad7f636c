package org.lct.enrichment.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Converts values of native query rows, whose Java types depend on the driver and Hibernate version. */
final class SqlValues {

    private SqlValues() {
    }

    static OffsetDateTime toOffset(Object value) {
        return switch (value) {
            case null -> null;
            case OffsetDateTime offset -> offset;
            case Instant instant -> instant.atOffset(ZoneOffset.UTC);
            case java.sql.Timestamp timestamp -> timestamp.toInstant().atOffset(ZoneOffset.UTC);
            default -> throw new IllegalArgumentException("not a timestamp: " + value.getClass().getSimpleName());
        };
    }
}
