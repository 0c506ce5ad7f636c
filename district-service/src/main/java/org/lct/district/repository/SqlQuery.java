package org.lct.district.repository;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SQL text and its bind values, built together so that every client value travels as a bind parameter and
 * never as SQL text. Arrays bind as PostgreSQL arrays ({@code = ANY(?)}).
 */
public final class SqlQuery {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    public SqlQuery(String sql, Object... parameters) {
        append(sql, parameters);
    }

    /** Appends a fragment whose {@code ?} placeholders take {@code parameters}, in order. */
    public SqlQuery append(String fragment, Object... parameters) {
        sql.append(fragment);
        Collections.addAll(this.parameters, parameters);
        return this;
    }

    /** Appends {@code AND <condition>} when {@code value} is present; the condition takes the value once. */
    public SqlQuery andIf(Object value, String condition) {
        if (value != null) {
            append(" AND " + condition, value);
        }
        return this;
    }

    public String sql() {
        return sql.toString();
    }

    public List<Object> parameters() {
        return List.copyOf(parameters);
    }
}
