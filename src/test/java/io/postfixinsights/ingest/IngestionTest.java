package io.postfixinsights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postfixinsights.sample.SampleLogGenerator;
import io.postfixinsights.sample.SampleLogGenerator.Rotation;
import io.postfixinsights.sample.SampleLogGenerator.Settings;
import io.postfixinsights.sample.SampleLogGenerator.TimestampFormat;
import io.postfixinsights.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingestion pipeline (read | parse+correlate | store threads) as a whole, on generated rotated sets. */
class IngestionTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    @Test
    void should_pass_every_line_of_a_rotated_set_through_the_pipeline_exactly_once() throws Exception {
        Path logs = generate(3, 300);
        long lines = countNewlines(logs);

        try (Database db = Database.open(dir.resolve("h.duckdb"))) {
            Ingestion.Result first = ingest(db, logs);
            Ingestion.Result second = ingest(db, logs);

            assertThat(first.filesRead()).isEqualTo(3);
            assertThat(first.linesRead()).isEqualTo(lines);
            assertThat(first.messagesWritten()).isEqualTo(count(db, "SELECT count(*) FROM messages"));
            assertThat(first.rejectsWritten()).isEqualTo(count(db, "SELECT count(*) FROM rejects"));
            assertThat(count(db, "SELECT sum(lines) FROM line_kinds WHERE category <> 'error'"))
                    .isEqualTo(lines);
            assertThat(second.linesRead()).isZero();
        }
    }

    @Test
    void should_fail_the_run_roll_back_and_stop_its_threads_when_storing_fails() throws Exception {
        // Enough lines that the reading threads are still busy (or blocked on a full queue) when the store fails.
        Path logs = generate(3, 2000);
        long lines = countNewlines(logs);
        Path file = dir.resolve("h.duckdb");
        try (Database db = Database.open(file)) {
            try (Statement st = db.connection().createStatement()) {
                st.execute("DROP TABLE rejects"); // read by no statement before the first write
            }
            assertThatThrownBy(() -> ingest(db, logs)).isInstanceOf(SQLException.class);

            assertThat(ingestThreadsAlive()).isEmpty();
            assertThat(count(db, "SELECT count(*) FROM runs WHERE status = 'failed'"))
                    .isEqualTo(1);
            assertThat(count(db, "SELECT count(*) FROM ingested_files")).isZero();
            assertThat(count(db, "SELECT count(*) FROM messages")).isZero();
        }
        try (Database db = Database.open(file)) { // re-creates the dropped table
            assertThat(ingest(db, logs).linesRead()).isEqualTo(lines);
        }
    }

    private Ingestion.Result ingest(Database db, Path logs) throws SQLException {
        return new Ingestion(ZONE, Clock.systemUTC())
                .run(db, List.of(logs.resolve("mail.log*").toString()));
    }

    private Path generate(int days, int perDay) {
        Path logs = dir.resolve("logs");
        new SampleLogGenerator()
                .generate(new Settings(
                        7L,
                        LocalDate.of(2026, 11, 1),
                        days,
                        perDay,
                        logs,
                        Rotation.DAILY,
                        TimestampFormat.RFC3339,
                        List.of("mx1"),
                        ZONE));
        return logs;
    }

    /** An independent count: newline bytes in the files, decompressed with the JDK's own gzip stream. */
    private static long countNewlines(Path logs) throws IOException {
        long n = 0;
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("mail.log"))
                    .toList()) {
                try (InputStream raw = Files.newInputStream(f);
                        InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
                    byte[] buf = new byte[1 << 16];
                    for (int r; (r = in.read(buf)) > 0; ) {
                        for (int i = 0; i < r; i++) {
                            n += buf[i] == '\n' ? 1 : 0;
                        }
                    }
                }
            }
        }
        return n;
    }

    private static long count(Database db, String sql) throws SQLException {
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> ingestThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("ingest-"))
                .toList();
    }
}
