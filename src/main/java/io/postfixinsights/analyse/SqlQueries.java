package io.postfixinsights.analyse;

import io.postfixinsights.store.SqlScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code sql/analyse/*.sql} resources on one connection. Instants are bound as ISO text and cast to
 * TIMESTAMPTZ in the SQL, which avoids driver differences in binding time types.
 */
final class SqlQueries {
    private static final Logger log = LoggerFactory.getLogger(SqlQueries.class);
    private static final Pattern STATEMENT_END = Pattern.compile(";\\s*(\\r?\\n|$)");

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;

    SqlQueries(Connection connection) {
        this.connection = connection;
    }

    static String load(String name) {
        return SqlScript.text("sql/analyse/" + name + ".sql");
    }

    /** Runs every statement of a setup file (macros, temporary views). */
    void execute(String name) throws SQLException {
        long start = System.nanoTime();
        try (Statement st = connection.createStatement()) {
            for (String sql : STATEMENT_END.split(load(name))) {
                if (!sql.replaceAll("--[^\\n]*", "").isBlank()) {
                    st.execute(sql);
                }
            }
        }
        logTime(name, start, -1);
    }

    void executeRaw(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    /** Whether a table or view of that name exists (in any schema of the connection). */
    boolean tableExists(String name) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    <T> List<T> list(String name, RowMapper<T> mapper, Object... params) throws SQLException {
        long start = System.nanoTime();
        List<T> rows = rows(load(name), mapper, params);
        logTime(name, start, rows.size());
        return rows;
    }

    /** Rows of a query given as text. */
    <T> List<T> rows(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                ps.setObject(i + 1, p instanceof Instant ? p.toString() : p);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        }
    }

    <T> T one(String name, RowMapper<T> mapper, Object... params) throws SQLException {
        List<T> rows = list(name, mapper, params);
        if (rows.size() != 1) {
            throw new IllegalStateException(name + " returned " + rows.size() + " rows, expected 1");
        }
        return rows.get(0);
    }

    private static void logTime(String name, long startNanos, int rows) {
        log.debug(
                "{}: {} ms{}",
                name,
                (System.nanoTime() - startNanos) / 1_000_000,
                rows < 0 ? "" : ", " + rows + " rows");
    }

    /** A SQL string literal: quotes doubled (DuckDB string literals know no backslash escapes). */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** An instant column, or null. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** A nullable double column (JDBC turns SQL NULL into 0 otherwise). */
    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
