package io.postfixinsights.store;

import static io.postfixinsights.source.TestFiles.compress;
import static io.postfixinsights.source.TestFiles.lines;
import static io.postfixinsights.source.TestFiles.text;
import static io.postfixinsights.source.TestFiles.write;
import static io.postfixinsights.store.Messages.count;
import static io.postfixinsights.store.Messages.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postfixinsights.source.Compression;
import io.postfixinsights.source.FoundFiles;
import io.postfixinsights.source.LogFileFinder;
import io.postfixinsights.source.LogReader;
import io.postfixinsights.source.ReadResult;
import io.postfixinsights.store.FilePlan.Action;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logrotate simulations between runs: every line must be read exactly once, whatever happened to the files. */
class LedgerTest {

    @TempDir
    Path dir;

    private Database db;
    private Ledger ledger;
    private Path log;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(dir.resolve("db/insights.duckdb"));
        ledger = new Ledger(db);
        log = dir.resolve("log/mail.log");
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    /** One run: find, plan, read what the plan says, record it. */
    private static final class Run {
        final Map<String, Action> actions = new LinkedHashMap<>();
        final List<String> lines = new ArrayList<>();
        final List<ReadResult> results = new ArrayList<>();
    }

    private Run run(String... specs) throws SQLException {
        Run run = new Run();
        FoundFiles found = new LogFileFinder().find(List.of(specs));
        long runId = ledger.startRun(Instant.now());
        List<FilePlan> plans = ledger.plan(found.files());
        db.begin();
        for (FilePlan plan : plans) {
            run.actions.put(plan.file().path().getFileName().toString(), plan.action());
            if (plan.toRead()) {
                ReadResult r = new LogReader()
                        .read(
                                plan.file(),
                                plan.startOffset(),
                                plan.startLine(),
                                (n, line, offset) -> run.lines.add(line));
                run.results.add(r);
                ledger.recordConsumption(runId, plan, r, null, null);
            }
        }
        db.commit();
        return run;
    }

    private void append(Path file, List<String> more) throws IOException {
        Files.write(file, text(more), StandardOpenOption.APPEND);
    }

    private void gzip(Path from, Path to) throws IOException {
        write(to, compress(Compression.GZIP, Files.readAllBytes(from)));
        Files.delete(from);
    }

    @Test
    void should_mark_a_run_left_running_by_a_dead_process_failed_when_the_next_run_starts() throws SQLException {
        long killed = ledger.startRun(Instant.parse("2026-11-15T03:00:00Z"));
        long next = ledger.startRun(Instant.parse("2026-11-16T03:00:00Z"));

        assertThat(string(
                        db.connection(),
                        "SELECT string_agg(concat_ws('|', run_id, status, error), ';'" + " ORDER BY run_id) FROM runs"))
                .isEqualTo(killed + "|failed|interrupted: the process ended before"
                        + " the run finished (killed, crashed or out of memory);" + next + "|running");
    }

    @Test
    void should_read_each_line_once_across_rename_and_compress() throws Exception {
        write(log, Compression.NONE, lines(1, 100));
        assertThat(run(dir + "/log/mail.log*").lines).isEqualTo(lines(1, 100));

        append(log, lines(101, 50));
        Files.move(log, dir.resolve("log/mail.log.1"));
        gzip(dir.resolve("log/mail.log.1"), dir.resolve("log/mail.log.1.gz"));
        write(log, Compression.NONE, lines(151, 50));
        Run second = run(dir + "/log/mail.log*");

        assertThat(second.actions)
                .containsExactly(
                        Map.entry("mail.log.1.gz", Action.READ_FROM), Map.entry("mail.log", Action.READ_WHOLE));
        assertThat(second.lines).isEqualTo(lines(101, 100));
        assertThat(run(dir + "/log/mail.log*").actions)
                .containsExactly(Map.entry("mail.log.1.gz", Action.SKIP), Map.entry("mail.log", Action.SKIP));
        assertThat(count(db.connection(), "SELECT count(*) FROM ingested_files"))
                .isEqualTo(2);
        assertThat(string(
                        db.connection(),
                        "SELECT concat_ws('|', compression, lines_consumed, complete)"
                                + " FROM ingested_files WHERE path LIKE '%.gz'"))
                .isEqualTo("gzip|150|true");
    }

    @Test
    void should_read_each_line_once_with_delaycompress_and_late_writes_to_the_renamed_file() throws Exception {
        write(log, Compression.NONE, lines(1, 100));
        run(dir + "/log/mail.log*");

        // rotate: syslog keeps writing to the renamed file until it is told to reopen
        Files.move(log, dir.resolve("log/mail.log.1"));
        append(dir.resolve("log/mail.log.1"), lines(101, 10));
        write(log, Compression.NONE, lines(111, 40));
        Run second = run(dir + "/log/mail.log*");
        assertThat(second.actions)
                .containsExactly(Map.entry("mail.log.1", Action.READ_FROM), Map.entry("mail.log", Action.READ_WHOLE));
        assertThat(second.lines).isEqualTo(lines(101, 50));

        // next rotation: .1 is compressed now, mail.log becomes .1
        gzip(dir.resolve("log/mail.log.1"), dir.resolve("log/mail.log.2.gz"));
        Files.move(log, dir.resolve("log/mail.log.1"));
        write(log, Compression.NONE, lines(151, 10));
        Run third = run(dir + "/log/mail.log*");
        assertThat(third.actions)
                .containsExactly(
                        Map.entry("mail.log.2.gz", Action.READ_FROM),
                        Map.entry("mail.log.1", Action.SKIP),
                        Map.entry("mail.log", Action.READ_WHOLE));
        assertThat(third.lines).isEqualTo(lines(151, 10));
        assertThat(third.results.get(0).complete()).isTrue(); // read to its end: never opened again

        assertThat(run(dir + "/log/mail.log*").actions.values()).containsOnly(Action.SKIP);
    }

    @Test
    void should_treat_a_copytruncated_file_as_new_and_finish_the_copy() throws Exception {
        write(log, Compression.NONE, lines(1, 100));
        run(dir + "/log/mail.log*");

        append(log, lines(101, 20));
        Files.copy(log, dir.resolve("log/mail.log.1"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        append(log, lines(121, 10));
        Run second = run(dir + "/log/mail.log*");

        assertThat(second.actions)
                .containsExactly(Map.entry("mail.log.1", Action.READ_FROM), Map.entry("mail.log", Action.READ_WHOLE));
        assertThat(second.lines).isEqualTo(lines(101, 30));
    }

    @Test
    void should_read_a_file_shorter_than_what_was_consumed_as_new() throws Exception {
        write(log, Compression.NONE, lines(1, 100));
        run(dir + "/log/mail.log*");

        // rewritten in place with the same first lines but shorter: not a continuation
        write(log, Compression.NONE, lines(1, 20));
        Run second = run(dir + "/log/mail.log*");

        assertThat(second.actions).containsExactly(Map.entry("mail.log", Action.READ_WHOLE));
        assertThat(second.lines).isEqualTo(lines(1, 20));
    }

    @Test
    void should_resume_a_small_file_that_grew_past_the_fingerprint_length() throws Exception {
        write(log, Compression.NONE, lines(1, 2)); // well under 1 KiB
        assertThat(Files.size(log)).isLessThan(1024);
        run(dir + "/log/mail.log");

        append(log, lines(3, 40));
        Run second = run(dir + "/log/mail.log");

        assertThat(second.actions).containsExactly(Map.entry("mail.log", Action.READ_FROM));
        assertThat(second.lines).isEqualTo(lines(3, 40));
        assertThat(string(db.connection(), "SELECT fingerprint FROM ingested_files"))
                .startsWith("1024:");
    }

    @Test
    void should_read_the_same_content_given_twice_in_one_run_once() throws Exception {
        write(log, Compression.NONE, lines(1, 30));
        write(dir.resolve("copy/mail.log.1.gz"), compress(Compression.GZIP, text(lines(1, 30))));

        Run run = run(log.toString(), dir + "/copy/mail.log.1.gz", log.toString());

        assertThat(run.lines).isEqualTo(lines(1, 30));
        assertThat(run.actions.values()).containsExactlyInAnyOrder(Action.READ_WHOLE, Action.SKIP);
    }

    @Test
    void should_skip_an_empty_file_without_recording_it() throws Exception {
        write(log, new byte[0]);

        Run run = run(log.toString());

        assertThat(run.actions).containsExactly(Map.entry("mail.log", Action.SKIP));
        assertThat(count(db.connection(), "SELECT count(*) FROM ingested_files"))
                .isZero();
    }

    @Test
    void should_record_a_truncated_gzip_as_truncated_and_not_complete() throws Exception {
        byte[] gz = compress(Compression.GZIP, text(lines(1, 20000)));
        write(dir.resolve("log/mail.log.2.gz"), Arrays.copyOf(gz, gz.length / 2));

        Run first = run(dir + "/log/mail.log.2.gz");
        int n = first.lines.size();
        assertThat(first.lines).isEqualTo(lines(1, n));
        assertThat(string(
                        db.connection(),
                        "SELECT concat_ws('|', lines_consumed, complete, truncated)" + " FROM ingested_files"))
                .isEqualTo(n + "|false|true");

        // the whole file shows up later (e.g. restored from backup): only the rest is read
        write(dir.resolve("log/mail.log.2.gz"), gz);
        Run second = run(dir + "/log/mail.log.2.gz");
        assertThat(second.lines).isEqualTo(lines(n + 1, 20000 - n));
        assertThat(string(
                        db.connection(),
                        "SELECT concat_ws('|', lines_consumed, complete, truncated)" + " FROM ingested_files"))
                .isEqualTo("20000|true|false");
    }

    @Test
    void should_mark_a_file_whose_head_cannot_be_read_unreadable() throws Exception {
        byte[] garbage = new byte[64];
        garbage[0] = 0x1f;
        garbage[1] = (byte) 0x8b; // gzip magic, then nonsense
        write(dir.resolve("log/mail.log.3.gz"), garbage);

        List<FilePlan> plans = ledger.plan(
                new LogFileFinder().find(List.of(dir + "/log/mail.log.3.gz")).files());

        assertThat(plans).singleElement().satisfies(p -> {
            assertThat(p.action()).isEqualTo(Action.UNREADABLE);
            assertThat(p.reason()).contains("mail.log.3.gz");
        });
    }

    @Test
    void should_read_the_real_rotated_corpus_set_once() throws Exception {
        Path corpus = Path.of(System.getProperty("user.dir"))
                .resolve("../shared/corpus/arnevandebemdt")
                .normalize();
        assumeTrue(Files.isDirectory(corpus), "skipped: ../shared/corpus not present (as in a user's clone)");

        Run first = run(corpus + "/mail.log*");
        // line counts from `zcat -f FILE | wc -l`, as listed in corpus/SOURCES.md
        assertThat(first.results).extracting(ReadResult::linesRead).containsExactly(2880L, 3840L, 2880L, 3845L, 645L);
        assertThat(first.lines).hasSize(14_090);
        assertThat(first.lines.get(0)).startsWith("Aug  5 06:15:01");
        assertThat(first.lines.get(14_089)).startsWith("Sep  3 14:15:01");

        assertThat(run(corpus + "/mail.log*").lines).isEmpty();
    }
}
