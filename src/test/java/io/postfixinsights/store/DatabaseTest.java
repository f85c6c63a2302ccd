package io.postfixinsights.store;

import static io.postfixinsights.store.Messages.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void should_create_the_folder_and_the_schema_and_reopen_idempotently() throws SQLException {
        Path file = dir.resolve("a/b/insights.duckdb");
        try (Database db = Database.open(file)) {
            assertThat(Files.exists(file)).isTrue();
            db.connection().createStatement().execute("INSERT INTO runs (run_id, status) VALUES (7, 'completed')");
        }
        try (Database db = Database.open(file)) {
            long tables = count(
                    db.connection(),
                    "SELECT count(*) FROM information_schema.tables WHERE table_name IN"
                            + " ('runs','ingested_files','messages','recipients','attempts','notifications','rejects',"
                            + " 'line_kinds','daily_rollups')");
            assertThat(tables).isEqualTo(9);
            assertThat(count(db.connection(), "SELECT count(*) FROM runs")).isEqualTo(1);
            assertThat(db.nextId("runs", "run_id")).isEqualTo(8);
            assertThat(db.nextId("messages", "msg_id")).isEqualTo(1);
        }
    }

    @Test
    void should_discard_appended_rows_on_rollback() throws SQLException {
        try (Database db = Database.open(dir.resolve("t.duckdb"))) {
            DuckDBConnection c = db.connection();
            db.begin();
            try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "notifications")) {
                for (int i = 0; i < 5000; i++) {
                    a.beginRow()
                            .append((long) i)
                            .appendNull()
                            .append("delay")
                            .append("Q" + i)
                            .endRow();
                }
            }
            assertThat(count(c, "SELECT count(*) FROM notifications")).isEqualTo(5000);
            db.rollback();

            assertThat(count(c, "SELECT count(*) FROM notifications")).isZero();
            assertThat(db.inTransaction()).isFalse();
        }
    }

    @Test
    void should_apply_every_schema_file_including_added_ones() throws SQLException {
        try (Database db = Database.open(dir.resolve("t.duckdb"));
                Statement st = db.connection().createStatement()) {
            st.execute("INSERT INTO daily_rollups VALUES (DATE '2026-01-01', 'mx', 'messages', NULL, 'done', 3)");
            assertThat(count(db.connection(), "SELECT sum(count) FROM daily_rollups"))
                    .isEqualTo(3);
        }
    }

    @Test
    void should_cap_duckdb_memory_for_writing_and_for_reading() throws SQLException {
        Path file = dir.resolve("t.duckdb");
        // 384 MB = 384,000,000 bytes = 366.2 MiB, as DuckDB prints it; its default is 80 % of the machine's memory
        try (Database db = Database.open(file)) {
            assertThat(memoryLimit(db)).isEqualTo("366.2 MiB");
        }
        try (Database db = Database.openReadOnly(file)) {
            assertThat(memoryLimit(db)).isEqualTo("366.2 MiB");
        }
    }

    private static String memoryLimit(Database db) throws SQLException {
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('memory_limit')")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
