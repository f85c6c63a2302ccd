package io.postfixinsights.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the project runs SQL (docs/decisions/0004-sql-convention.md): a classpath {@code .sql} resource named
 * for what it computes, whose parameters are named DuckDB variables. Before the script runs, each parameter is set
 * with {@code SET VARIABLE name = ?} (a bound value, never spliced into the text); the SQL reads it with
 * {@code getvariable('name')}. The script is handed to DuckDB whole: its own parser splits the statements, so
 * comments and semicolons inside string literals need no care of ours.
 *
 * <p>Variables live as long as the connection, so a script that read a variable its caller did not set would see
 * a stale value from an earlier call: every call must therefore bind exactly the variables its script names, or it
 * fails before running anything.
 */
public final class Sql {

    private static final Logger log = LoggerFactory.getLogger(Sql.class);
    private static final Pattern VARIABLE = Pattern.compile("getvariable\\('([a-z_]+)'\\)");
    private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();

    /** Maps the current row of a result set to a value; may fail like JDBC does. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;

    public Sql(Connection connection) {
        this.connection = connection;
    }

    /** Named parameters of one call, in the order given; values may be null. */
    public static final class Params {
        private final Map<String, Object> values;

        private Params(Map<String, Object> values) {
            this.values = values;
        }

        public static Params none() {
            return new Params(Map.of());
        }

        public static Params of(String name, Object value) {
            return none().and(name, value);
        }

        /**
         * Adds a parameter. Values: Instant (TIMESTAMPTZ), String, Integer, Long, Double, Boolean, an enum (its stored
         * name, see {@link #stored(Enum)}), a List of String or Long (VARCHAR[], BIGINT[]), or null.
         */
        public Params and(String name, Object value) {
            if (!name.matches("[a-z_]+")) {
                throw new IllegalArgumentException("bad variable name " + name);
            }
            Map<String, Object> copy = new LinkedHashMap<>(values);
            if (copy.containsKey(name)) {
                throw new IllegalArgumentException("variable " + name + " given twice");
            }
            copy.put(name, value);
            return new Params(Collections.unmodifiableMap(copy));
        }

        Set<String> names() {
            return new TreeSet<>(values.keySet());
        }
    }

    /** Runs every statement of a script (DDL, setup, updates). */
    public void run(String resource, Params params) throws SQLException {
        long start = System.nanoTime();
        String text = prepare(resource, params);
        try (Statement st = connection.createStatement()) {
            st.execute(text);
        } catch (SQLException e) {
            throw failed(resource, e);
        }
        logTime(resource, start, -1);
    }

    /** The rows of a query script, mapped one by one. */
    public <T> List<T> list(String resource, Params params, RowMapper<T> mapper) throws SQLException {
        long start = System.nanoTime();
        String text = prepare(resource, params);
        List<T> rows = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(text)) {
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
        } catch (SQLException e) {
            throw failed(resource, e);
        }
        logTime(resource, start, rows.size());
        return rows;
    }

    /** The single row of a query script. */
    public <T> T one(String resource, Params params, RowMapper<T> mapper) throws SQLException {
        List<T> rows = list(resource, params, mapper);
        if (rows.size() != 1) {
            throw new IllegalStateException(resource + " returned " + rows.size() + " rows, expected 1");
        }
        return rows.get(0);
    }

    /**
     * Runs SQL that Java generated because it cannot be a resource (the reply-class macro compiles the rules into
     * constant patterns). Never for values: those are parameters.
     */
    public void runGenerated(String what, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    /** A classpath resource such as {@code sql/trace/attempts.sql}, as text. */
    public static String text(String resource) {
        return TEXTS.computeIfAbsent(resource, Sql::read);
    }

    /** The variables a script reads, by name. */
    static Set<String> variables(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** How an enum is stored and compared in SQL: its name in lower case ({@code RecipientStatus.SENT} → sent). */
    public static String stored(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** An instant column (TIMESTAMPTZ), or null; read as UTC so the JVM's default zone never shifts it. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** A nullable double column (JDBC turns SQL NULL into 0 otherwise). */
    public static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    /** A SQL string literal, for generated SQL only: quotes doubled (DuckDB literals know no backslash escapes). */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private String prepare(String resource, Params params) throws SQLException {
        String text = text(resource);
        Set<String> used = variables(text);
        if (!used.equals(params.names())) {
            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(params.names());
            Set<String> unused = new TreeSet<>(params.names());
            unused.removeAll(used);
            throw new IllegalArgumentException(resource + ": parameters do not match the script (not given: " + missing
                    + ", not read: " + unused + ")");
        }
        for (Map.Entry<String, Object> p : params.values.entrySet()) {
            set(p.getKey(), p.getValue());
        }
        return text;
    }

    private void set(String name, Object value) throws SQLException {
        // quoted: a name such as "at" is a reserved word in DuckDB 2
        try (PreparedStatement ps = connection.prepareStatement("SET VARIABLE \"" + name + "\" = ?")) {
            if (value == null) {
                ps.setNull(1, Types.NULL);
            } else if (value instanceof Instant instant) {
                ps.setObject(1, instant.atOffset(ZoneOffset.UTC));
            } else if (value instanceof Enum<?> e) {
                ps.setString(1, stored(e));
            } else if (value instanceof List<?> list) {
                boolean numbers = !list.isEmpty() && list.get(0) instanceof Long;
                ps.setArray(1, connection.createArrayOf(numbers ? "BIGINT" : "VARCHAR", list.toArray()));
            } else {
                ps.setObject(1, value);
            }
            ps.execute();
        }
    }

    private static SQLException failed(String what, SQLException e) {
        return new SQLException(what + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
    }

    private static String read(String resource) {
        try (InputStream in = Sql.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL resource " + resource, e);
        }
    }

    private static void logTime(String resource, long startNanos, int rows) {
        log.debug(
                "{}: {} ms{}",
                resource,
                (System.nanoTime() - startNanos) / 1_000_000,
                rows < 0 ? "" : ", " + rows + " rows");
    }
}
