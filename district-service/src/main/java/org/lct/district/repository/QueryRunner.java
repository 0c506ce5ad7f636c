package org.lct.district.repository;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Arc;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.lct.district.config.DistrictConfig;
import org.lct.district.model.Page;
import org.lct.district.model.PageRequest;
import org.lct.district.model.SortField;

/** Runs read-only SQL: single rows, lists, pages with their total, and whole lists streamed as CSV. */
@ApplicationScoped
public class QueryRunner {

    /** Rows fetched per round trip while streaming a CSV export, so memory stays flat whatever the size. */
    private static final int CSV_FETCH_SIZE = 2000;
    private static final CsvMapper CSV = new CsvMapper();

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final RequestSnapshot snapshot;
    private final boolean readsFromStandbys;

    public QueryRunner(DataSource dataSource, RequestSnapshot snapshot, DistrictConfig config) {
        this.dataSource = dataSource;
        this.snapshot = snapshot;
        this.readsFromStandbys = config.readsFromStandbys();
    }

    public <T> List<T> list(SqlQuery query, RowMapper<T> mapper) {
        return withConnection(connection -> list(connection, query, mapper));
    }

    /** Queries that belong together (a district and its parts) on one pooled connection. */
    public <T> T inOneConnection(Function<Session, T> work) {
        return withConnection(connection -> work.apply(new Session(connection)));
    }

    /**
     * Runs {@code work} on the request's snapshot when reading from standbys ({@link RequestSnapshot}), else on a
     * pooled connection of its own.
     */
    private <T> T withConnection(ConnectionWork<T> work) {
        try {
            if (readsFromStandbys && Arc.container().requestContext().isActive()) {
                return work.apply(snapshot.connection());
            }
            try (Connection connection = dataSource.getConnection()) {
                return work.apply(connection);
            }
        } catch (SQLException e) {
            throw DataAccessException.of(e);
        }
    }

    /** Runs queries on one borrowed connection. */
    public static final class Session {
        private final Connection connection;

        private Session(Connection connection) {
            this.connection = connection;
        }

        public <T> List<T> list(SqlQuery query, RowMapper<T> mapper) {
            try {
                return QueryRunner.list(connection, query, mapper);
            } catch (SQLException e) {
                throw DataAccessException.of(e);
            }
        }

        public <T> List<T> list(SqlQuery query, String orderBy, RowMapper<T> mapper) {
            return list(ordered(query, orderBy), mapper);
        }

        public <T> Optional<T> one(SqlQuery query, RowMapper<T> mapper) {
            List<T> rows = list(query, mapper);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    private static <T> List<T> list(Connection connection, SqlQuery query, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement statement = prepare(connection, query.sql(), query.parameters());
                ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    private static SqlQuery ordered(SqlQuery query, String orderBy) {
        return new SqlQuery("SELECT * FROM (").append(query.sql(), query.parameters().toArray())
                .append(") AS listed ORDER BY " + orderBy);
    }

    /** Every row of {@code query} in the order of {@code orderBy} (SQL text, never client input). */
    public <T> List<T> list(SqlQuery query, String orderBy, RowMapper<T> mapper) {
        return list(ordered(query, orderBy), mapper);
    }

    public <T> Optional<T> one(SqlQuery query, RowMapper<T> mapper) {
        List<T> rows = list(query, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /**
     * One page of {@code query} in the order of {@code sort} (field names mapped to output columns through
     * {@code sortable}; {@code tieBreak} keeps pages stable), and the total over all pages. Two statements on one
     * connection rather than {@code count(*) OVER ()}: the window would make PostgreSQL build every matching row
     * (and its joins) for a page of 400, while the count alone is an index-only scan and the page can stop early.
     */
    public <T> Page<T> page(SqlQuery query, PageRequest request, Map<String, String> sortable, String tieBreak,
            Map<String, Object> filters, RowMapper<T> mapper) {
        SqlQuery paged = new SqlQuery("SELECT * FROM (").append(query.sql(), query.parameters().toArray())
                .append(") AS listed ORDER BY " + orderBy(request.sort(), sortable, tieBreak) + " LIMIT ? OFFSET ?",
                        request.size(), request.offset());
        SqlQuery counted = new SqlQuery("SELECT count(*) FROM (").append(query.sql(), query.parameters().toArray())
                .append(") AS listed");
        return inOneConnection(session -> {
            List<T> items = session.list(paged, mapper);
            long total = items.size() < request.size() && (request.page() == 1 || !items.isEmpty())
                    ? request.offset() + items.size() // a short page is the last one: no need to count
                    : session.one(counted, row -> row.getLong(1)).orElse(0L);
            List<String> sort = request.sort().stream().map(SortField::toString).toList();
            return new Page<>(request.page(), request.size(), total, sort, filters, items);
        });
    }

    /**
     * Streams {@code columns} of every row of {@code query} as CSV with a header of their names: arrays are joined with
     * {@code ;}, booleans are true/false, timestamps ISO 8601 in UTC, NULL is an empty field.
     */
    public void csv(SqlQuery query, String columns, List<SortField> sort, Map<String, String> sortable,
            String tieBreak, OutputStream out) {
        SqlQuery ordered = new SqlQuery("SELECT " + columns + " FROM (").append(query.sql(), query.parameters().toArray())
                .append(") AS listed ORDER BY " + orderBy(sort, sortable, tieBreak));
        withConnection(connection -> {
            // the driver streams with a fetch size only inside a transaction (a request's snapshot is one already)
            boolean ownTransaction = connection.getAutoCommit();
            if (ownTransaction) {
                connection.setAutoCommit(false);
            }
            try (PreparedStatement statement = prepare(connection, ordered.sql(), ordered.parameters())) {
                statement.setFetchSize(CSV_FETCH_SIZE);
                try (ResultSet rows = statement.executeQuery()) {
                    writeCsv(rows, out);
                }
            } finally {
                if (ownTransaction) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            }
            return null;
        });
    }

    private static void writeCsv(ResultSet rows, OutputStream out) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        CsvSchema.Builder schema = CsvSchema.builder();
        for (int i = 1; i <= columns; i++) {
            schema.addColumn(meta.getColumnLabel(i));
        }
        // RFC 4180: a header row and CRLF line ends, as every CSV the platform offers
        try (SequenceWriter writer = CSV.writer(schema.build().withHeader().withLineSeparator("\r\n")).writeValues(out)) {
            String[] values = new String[columns];
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    values[i - 1] = csvValue(rows, i, meta.getColumnType(i));
                }
                writer.write(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvValue(ResultSet rows, int column, int type) throws SQLException {
        return switch (type) {
            case Types.BOOLEAN, Types.BIT -> {
                boolean value = rows.getBoolean(column);
                yield rows.wasNull() ? null : Boolean.toString(value);
            }
            case Types.ARRAY -> String.join(";", strings(rows.getArray(column)));
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
                yield value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC).toString();
            }
            case Types.NUMERIC, Types.DECIMAL -> {
                BigDecimal value = rows.getBigDecimal(column);
                yield value == null ? null : value.toPlainString();
            }
            default -> rows.getString(column);
        };
    }

    /** The ORDER BY clause: only whitelisted columns reach the SQL text. */
    private static String orderBy(List<SortField> sort, Map<String, String> sortable, String tieBreak) {
        List<String> keys = new ArrayList<>();
        for (SortField field : sort) {
            String column = sortable.get(field.field());
            if (column == null) {
                throw new IllegalArgumentException("sort field not whitelisted: " + field.field());
            }
            keys.add(column + (field.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST"));
        }
        keys.add(tieBreak);
        return String.join(", ", keys);
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof List<?> list) {
                statement.setArray(i + 1, connection.createArrayOf("text", list.toArray()));
            } else {
                statement.setObject(i + 1, value);
            }
        }
        return statement;
    }

    // ---- row helpers shared by the repositories ----

    public static Integer integerOrNull(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    public static Long longOrNull(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    public static Boolean booleanOrNull(ResultSet row, String column) throws SQLException {
        boolean value = row.getBoolean(column);
        return row.wasNull() ? null : value;
    }

    public static OffsetDateTime timestamp(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class);
    }

    public static List<String> stringArray(ResultSet row, String column) throws SQLException {
        return strings(row.getArray(column));
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).collect(Collectors.toList());
    }

}
