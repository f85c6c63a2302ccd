package io.postfixinsights.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The DuckDB file: one process, one connection. Opening it creates the file and its folder if needed and applies
 * every {@code db/schema/*.sql} in name order (the files are idempotent).
 *
 * <p>Transactions: the JDBC driver begins a transaction lazily, at the first statement after
 * {@code setAutoCommit(false)}; rows appended with an Appender before that are committed on their own, so a crash
 * mid-run would leave them behind. {@link #begin()} therefore runs {@code SELECT 1} at once.
 */
public final class Database implements AutoCloseable {

    private static final String SCHEMA_PATTERN = "classpath*:db/schema/*.sql";

    /**
     * DuckDB's buffer manager takes up to 80 % of the machine's memory by default; the nightly job shares the mail
     * server, so its own memory is capped: with {@code -Xmx512m} the process stays under 1 GiB (docs/PERFORMANCE.md).
     * A run's rows are written to the file as row groups fill, and large sorts and joins spill to {@code <db>.tmp}.
     */
    static final String MEMORY_LIMIT = "384MB";

    private final Path file;
    private final DuckDBConnection connection;

    private Database(Path file, DuckDBConnection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens or creates the database file and brings its schema up to date.
     *
     * @throws DatabaseLockedException when another process holds the file
     */
    public static Database open(Path file) throws SQLException {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new SQLException("cannot create the folder of database " + absolute + ": " + e.getMessage(), e);
        }
        DuckDBConnection connection;
        try {
            connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + absolute);
        } catch (SQLException e) {
            if (isLockConflict(e)) {
                throw new DatabaseLockedException(absolute, e);
            }
            throw e;
        }
        Database db = new Database(absolute, connection);
        try {
            db.limitMemory();
            db.applySchema();
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /**
     * Opens an existing database for reading only (trace): the schema is left as it is.
     *
     * @throws DatabaseLockedException when a running report holds the file for writing
     */
    public static Database openReadOnly(Path file) throws SQLException {
        Path absolute = file.toAbsolutePath();
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        Database db;
        try {
            db = new Database(
                    absolute, (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + absolute, readOnly));
        } catch (SQLException e) {
            if (isLockConflict(e)) {
                throw new DatabaseLockedException(absolute, e);
            }
            throw e;
        }
        try {
            db.limitMemory();
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private void limitMemory() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
        }
    }

    private static boolean isLockConflict(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("lock");
    }

    private void applySchema() throws SQLException {
        Resource[] scripts;
        try {
            scripts = new PathMatchingResourcePatternResolver().getResources(SCHEMA_PATTERN);
        } catch (IOException e) {
            throw new SQLException("cannot list the schema files " + SCHEMA_PATTERN, e);
        }
        Arrays.sort(scripts, Comparator.comparing(Resource::getFilename));
        for (Resource script : scripts) {
            sql().run("db/schema/" + script.getFilename(), Sql.Params.none());
        }
    }

    public Path file() {
        return file;
    }

    /** The one connection; use it from the thread that runs the store (DuckDB Appenders are thread-confined). */
    public DuckDBConnection connection() {
        return connection;
    }

    /** Starts a transaction that Appenders join (see the class comment). */
    public void begin() throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT 1");
        }
    }

    public void commit() throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
    }

    public void rollback() throws SQLException {
        connection.rollback();
        connection.setAutoCommit(true);
    }

    public boolean inTransaction() throws SQLException {
        return !connection.getAutoCommit();
    }

    /** The project's way to run its SQL resources on this connection. */
    public Sql sql() {
        return new Sql(connection);
    }

    /** {@code SELECT max(column)+1} over a table, or 1 when it is empty: ids are handed out by one process only. */
    public long nextId(String table, String column) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(" + column + "), 0) + 1 FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
