package io.postfixinsights.job;

import static io.postfixinsights.job.LogStream.append;
import static io.postfixinsights.job.LogStream.appendRaw;
import static io.postfixinsights.job.LogStream.copyTruncate;
import static io.postfixinsights.job.LogStream.firstLineOf;
import static io.postfixinsights.job.LogStream.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.testsupport.JarRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Nightly runs over a log set that logrotate changes between them (grow, rename, delaycompress, copytruncate) must
 * end with the same history and report as one run over the whole stream, and must read every line exactly once.
 * The stream is cut at known line numbers, so how many lines each night adds is known without our code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RotationIT {

    @TempDir
    static Path work;

    final List<String> stream = LogStream.lines();
    final List<JarRun> nights = new ArrayList<>();
    /** Lines each night added to the set, counted by the test. */
    final List<Long> added = new ArrayList<>();

    JarRun reference;
    Map<String, List<String>> tablesBeforeRepeat;

    @BeforeAll
    void runTheNights() throws Exception {
        int n = stream.size();
        int d13 = firstLineOf("2026-11-13");
        int d14 = firstLineOf("2026-11-14");
        int d15 = firstLineOf("2026-11-15");
        int c1 = d13 * 3 / 4;
        int c2 = d13 + (d14 - d13) / 3;
        int c4 = d14 + (d15 - d14) / 2;
        int c6 = d15 + (n - d15) / 3;
        int c7 = d15 + 2 * (n - d15) / 3;
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path live = logs.resolve("mail.log");

        // night 1: a fresh live file
        append(live, stream.subList(0, c1));
        night(c1);

        // night 2: it grew; syslog is in the middle of writing line c2 (no newline yet), which must wait
        append(live, stream.subList(c1, c2));
        byte[] unfinished = stream.get(c2).getBytes(StandardCharsets.UTF_8);
        appendRaw(live, java.util.Arrays.copyOf(unfinished, 40));
        night(c2 - c1);

        // rename: the line is finished and more is written before logrotate renames; a new live file starts
        appendRaw(
                live,
                (new String(unfinished, 40, unfinished.length - 40, StandardCharsets.UTF_8) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        append(live, stream.subList(c2 + 1, d14));
        Files.move(live, logs.resolve("mail.log.1"));
        append(live, stream.subList(d14, c4));
        night(c4 - c2);

        // delaycompress: .1 is compressed to .2.gz, the live file (grown since) becomes .1
        gzip(logs.resolve("mail.log.1"), logs.resolve("mail.log.2.gz"));
        append(live, stream.subList(c4, d15));
        Files.move(live, logs.resolve("mail.log.1"));
        append(live, stream.subList(d15, c6));
        night(c6 - c4);

        // copytruncate: the live file (grown) is copied to .1 and truncated in place, then written on
        Files.move(logs.resolve("mail.log.2.gz"), logs.resolve("mail.log.3.gz"));
        gzip(logs.resolve("mail.log.1"), logs.resolve("mail.log.2.gz"));
        append(live, stream.subList(c6, c7));
        copyTruncate(live, logs.resolve("mail.log.1"));
        append(live, stream.subList(c7, n));
        night(n - c6);

        // the same night again, with overlapping file sets: the live file named twice, a copy of .1 elsewhere,
        // and the compressed .3.gz as an uncompressed copy
        tablesBeforeRepeat = DbContent.read(work.resolve("db.duckdb"), DbContent.TABLES);
        Path extra = Files.createDirectories(work.resolve("extra"));
        Files.copy(logs.resolve("mail.log.1"), extra.resolve("mail.log.1.bak"));
        Files.write(extra.resolve("old.log"), LogStream.read(logs.resolve("mail.log.3.gz")), StandardCharsets.UTF_8);
        nights.add(report("incremental", logs + "/mail.log*", live.toString(), extra + "/*"));
        added.add(0L);

        // the reference: the whole stream in one file, given twice and once more under another name
        Path all = Files.createDirectories(work.resolve("all")).resolve("all.log");
        append(all, stream);
        Files.copy(all, all.resolveSibling("copy-of-all.log"));
        reference = report(
                "reference",
                all.toString(),
                all.toString(),
                all.resolveSibling("copy-of-all.log").toString());
    }

    void night(long linesAdded) throws IOException, InterruptedException {
        nights.add(report("incremental", work.resolve("logs") + "/mail.log*"));
        added.add(linesAdded);
    }

    JarRun report(String name, String... logs) throws IOException, InterruptedException {
        return JarRun.run(
                work,
                "report",
                "--logs",
                String.join(",", logs),
                "--db",
                name.equals("reference") ? "reference.duckdb" : "db.duckdb",
                "--out",
                name,
                "--zone",
                LogStream.ZONE.getId(),
                "--no-mail");
    }

    @Test
    void should_exit_zero_every_night() {
        assertThat(nights)
                .allSatisfy(r -> assertThat(r.exitCode()).as(r.stderr()).isZero());
        assertThat(reference.exitCode()).as(reference.stderr()).isZero();
    }

    @Test
    void should_read_exactly_the_lines_each_night_added() throws Exception {
        List<String> read = DbContent.rows(
                work.resolve("db.duckdb"), "SELECT lines_read FROM runs WHERE status = 'completed' ORDER BY run_id");
        List<String> reference = DbContent.rows(work.resolve("reference.duckdb"), "SELECT lines_read FROM runs");

        assertThat(read)
                .containsExactlyElementsOf(added.stream().map(String::valueOf).toList());
        assertThat(added.stream().mapToLong(Long::longValue).sum()).isEqualTo(stream.size());
        assertThat(reference).containsExactly(String.valueOf(stream.size()));
    }

    @Test
    void should_end_with_the_same_outcomes_as_one_run_over_the_whole_stream() throws Exception {
        Map<String, List<String>> incremental = DbContent.read(work.resolve("db.duckdb"), DbContent.OUTCOMES);
        Map<String, List<String>> whole = DbContent.read(work.resolve("reference.duckdb"), DbContent.OUTCOMES);

        assertThat(whole.get("recipients")).hasSizeGreaterThan(300);
        for (String table : DbContent.OUTCOMES.keySet()) {
            assertThat(incremental.get(table)).as(table).containsExactlyElementsOf(whole.get(table));
        }
    }

    @Test
    void should_write_the_same_report_numbers_as_one_run_over_the_whole_stream() throws IOException {
        JsonNode incremental = ReportNumbers.read(work.resolve("incremental/2026-11-15/summary.json"));
        JsonNode whole = ReportNumbers.read(work.resolve("reference/2026-11-15/summary.json"));

        assertThat(whole.get("totals").get("recipients").asLong()).isGreaterThan(300);
        ReportNumbers.assertSame(incremental, whole);
    }

    @Test
    void should_change_nothing_when_the_same_night_runs_again_with_overlapping_files() throws Exception {
        assertThat(DbContent.read(work.resolve("db.duckdb"), DbContent.TABLES)).isEqualTo(tablesBeforeRepeat);
        assertThat(nights.get(nights.size() - 1).stdout()).doesNotContain("lines from line");
    }
}
