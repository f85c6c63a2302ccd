package io.postfixinsights.job;

import static io.postfixinsights.job.LogStream.append;
import static io.postfixinsights.job.LogStream.firstLineOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.testsupport.JarRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code kill -9} of the real jar at several points of a night (rows appended in the open transaction, everything
 * written and linked but not committed, report rendered but not published), each followed by the next attempt, must
 * end with the same history and report as the same night run once without interruption. The night is the second
 * one, so messages left open by the first are reloaded (and deleted in the transaction) by every attempt.
 *
 * <p>The points are reached with the test-only {@code POSTFIX_INSIGHTS_TEST_PAUSE_AT} hook (testsupport.PauseAtCheckpoint, put on the jar's loader path by JarRun).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PAUSE_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path work;

    Map<String, List<String>> afterNight1;
    Map<String, List<String>> afterIngestKill;
    Map<String, List<String>> afterCommitKill;
    Map<String, List<String>> afterRenderKill;
    Map<String, List<String>> reference;
    JarRun finalRun;
    JarRun referenceRun;

    @BeforeAll
    void crashTheSecondNight() throws Exception {
        List<String> stream = LogStream.lines();
        int d14 = firstLineOf("2026-11-14");
        int c1 = firstLineOf("2026-11-13") + 200;
        Path live = Files.createDirectories(work.resolve("logs")).resolve("mail.log");
        append(live, stream.subList(0, c1));
        assertThat(report("crash.duckdb", "crash").exitCode()).isZero();
        copyDb("crash.duckdb", "reference.duckdb");
        afterNight1 = DbContent.read(work.resolve("crash.duckdb"), DbContent.TABLES);

        append(live, stream.subList(c1, d14));
        Files.move(live, live.resolveSibling("mail.log.1"));
        append(live, stream.subList(d14, stream.size()));

        referenceRun = report("reference.duckdb", "reference");
        reference = DbContent.read(work.resolve("reference.duckdb"), DbContent.TABLES);

        afterIngestKill = killAt("ingest");
        afterCommitKill = killAt("commit");
        afterRenderKill = killAt("render");
        finalRun = report("crash.duckdb", "crash");
    }

    Map<String, List<String>> killAt(String point) throws Exception {
        JarRun.Running run = new JarRun.Running(
                JarRun.builder(
                        work,
                        List.of(),
                        Map.of("POSTFIX_INSIGHTS_TEST_PAUSE_AT", point),
                        args("crash.duckdb", "crash")),
                work);
        run.awaitLine("test pause at " + point, PAUSE_TIMEOUT);
        run.kill();
        return DbContent.read(work.resolve("crash.duckdb"), DbContent.TABLES);
    }

    String[] args(String db, String out) {
        return new String[] {
            "report",
            "--logs",
            work.resolve("logs") + "/mail.log*",
            "--db",
            db,
            "--out",
            out,
            "--zone",
            LogStream.ZONE.getId(),
            "--no-mail"
        };
    }

    JarRun report(String db, String out) throws IOException, InterruptedException {
        return JarRun.run(work, args(db, out));
    }

    void copyDb(String from, String to) throws IOException {
        Files.copy(work.resolve(from), work.resolve(to));
        if (Files.exists(work.resolve(from + ".wal"))) {
            Files.copy(work.resolve(from + ".wal"), work.resolve(to + ".wal"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void should_leave_the_history_as_before_the_night_when_killed_before_the_commit() {
        assertThat(afterNight1.get("messages")).isNotEmpty();
        assertThat(afterIngestKill).isEqualTo(afterNight1);
        assertThat(afterCommitKill).isEqualTo(afterNight1);
    }

    @Test
    void should_keep_the_committed_night_when_killed_while_rendering() {
        assertThat(afterRenderKill).isEqualTo(reference);
    }

    @Test
    void should_end_with_the_history_and_report_of_an_uninterrupted_night() throws Exception {
        assertThat(referenceRun.exitCode()).as(referenceRun.stderr()).isZero();
        assertThat(finalRun.exitCode()).as(finalRun.stderr()).isZero();
        assertThat(reference).isNotEqualTo(afterNight1);

        assertThat(DbContent.read(work.resolve("crash.duckdb"), DbContent.TABLES))
                .isEqualTo(reference);
        JsonNode crash = ReportNumbers.read(work.resolve("crash/2026-11-15/summary.json"));
        // the one intended difference: the verdict names the two runs that were killed before their commit
        ArrayNode reasons = (ArrayNode) crash.get("verdict").get("reasons");
        assertThat(reasons.remove(reasons.size() - 1).asString())
                .isEqualTo("2 failed run(s): some logs may be missing");
        ReportNumbers.assertSame(crash, ReportNumbers.read(work.resolve("reference/2026-11-15/summary.json")));
    }

    @Test
    void should_report_the_killed_runs_as_failed_in_the_next_report() throws Exception {
        JsonNode quality = JSON.readTree(
                        work.resolve("crash/2026-11-15/summary.json").toFile())
                .get("analysis")
                .get("dataQuality");

        assertThat(DbContent.rows(work.resolve("crash.duckdb"), "SELECT status FROM runs ORDER BY run_id"))
                .containsExactly("completed", "failed", "failed", "completed", "completed");
        assertThat(quality.get("failedRuns").asInt()).isEqualTo(2);
    }

    @Test
    void should_leave_no_half_published_report_behind() throws IOException {
        try (Stream<Path> entries = Files.list(work.resolve("crash"))) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("2026-11-13", "2026-11-15", "latest", "index.html");
        }
    }
}
