package io.postfixinsights.job;

import static io.postfixinsights.job.LogStream.append;
import static io.postfixinsights.job.LogStream.firstLineOf;
import static io.postfixinsights.job.LogStream.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.testsupport.JarRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log names of the other distributions, through the jar: a RHEL {@code maillog} set rotated with {@code dateext}
 * (modification times scrambled as by a plain {@code cp}, one rotation while the history exists) and a SUSE set where
 * syslog wrote every warning to {@code mail}, {@code mail.info} and {@code mail.warn} (and a fatal line to
 * {@code mail.err} too). Each must end with the same history as one run over the stream in one file, and read every
 * line once: the line counts come from the test's own cuts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogFamiliesIT {

    @TempDir
    static Path work;

    final List<String> stream = LogStream.lines();
    final List<String> withWarnings = new ArrayList<>();
    final List<String> warnLevel = new ArrayList<>();
    final List<String> errLevel = new ArrayList<>();
    final List<JarRun> runs = new ArrayList<>();
    int firstNight;

    @BeforeAll
    void runTheSets() throws Exception {
        int n = stream.size();
        int c1 = firstLineOf("2026-11-13") + 40;
        int c2 = firstLineOf("2026-11-14") + 25;
        int c3 = firstLineOf("2026-11-15") + 10;
        int c4 = c3 + (n - c3) / 2;

        // RHEL: night 1 sees two dated rotations (one gzipped) and the live file
        Path rhel = Files.createDirectories(work.resolve("rhel"));
        append(rhel.resolve("maillog-20261113.raw"), stream.subList(0, c1));
        gzip(rhel.resolve("maillog-20261113.raw"), rhel.resolve("maillog-20261113.gz"));
        append(rhel.resolve("maillog-20261114"), stream.subList(c1, c2));
        append(rhel.resolve("maillog-20261115"), stream.subList(c2, c3));
        append(rhel.resolve("maillog"), stream.subList(c3, c4));
        Instant t = Instant.parse("2026-11-16T00:00:00Z");
        // newest rotation oldest on disk, the live file older than all: only the names tell the order
        touch(rhel.resolve("maillog"), t.minusSeconds(400));
        touch(rhel.resolve("maillog-20261115"), t.minusSeconds(300));
        touch(rhel.resolve("maillog-20261114"), t.minusSeconds(200));
        touch(rhel.resolve("maillog-20261113.gz"), t.minusSeconds(100));
        runs.add(report("rhel", rhel + "/maillog*"));
        firstNight = c4;
        // night 2: logrotate (dateext, no compress: RHEL's default) renamed the live file, syslog started a new one
        append(rhel.resolve("maillog"), stream.subList(c4, c4 + 5));
        Files.move(rhel.resolve("maillog"), rhel.resolve("maillog-20261116"));
        append(rhel.resolve("maillog"), stream.subList(c4 + 5, n));
        touch(rhel.resolve("maillog"), t.minusSeconds(500));
        runs.add(report("rhel", rhel + "/maillog*"));

        // SUSE: the same warnings at several levels
        for (int i = 0; i < n; i++) {
            withWarnings.add(stream.get(i));
            if (i == c1 || i == c2) {
                String warning = stampOf(stream.get(i)) + " mx1 postfix/smtpd[4242]: warning: hostname"
                        + " unknown.example.net does not resolve to address 198.51.100.7: Name or service not known";
                withWarnings.add(warning);
                warnLevel.add(warning);
            } else if (i == c3) {
                String fatal = stampOf(stream.get(i)) + " mx1 postfix/smtpd[4243]: fatal: no SASL authentication"
                        + " mechanisms";
                withWarnings.add(fatal);
                warnLevel.add(fatal);
                errLevel.add(fatal);
            }
        }
        Path suse = Files.createDirectories(work.resolve("suse"));
        append(suse.resolve("mail"), withWarnings);
        append(suse.resolve("mail.info"), withWarnings);
        append(suse.resolve("mail.warn"), warnLevel);
        append(suse.resolve("mail.err"), errLevel);
        runs.add(report("suse", suse + "/mail*"));

        // the references: each stream in one file
        Path all = Files.createDirectories(work.resolve("all"));
        append(all.resolve("stream.log"), stream);
        runs.add(report("reference", all.resolve("stream.log").toString()));
        append(all.resolve("with-warnings.log"), withWarnings);
        runs.add(report("reference-warnings", all.resolve("with-warnings.log").toString()));
    }

    private static String stampOf(String line) {
        return line.substring(0, line.indexOf(' '));
    }

    private static void touch(Path file, Instant at) throws java.io.IOException {
        Files.setLastModifiedTime(file, FileTime.from(at));
    }

    private static JarRun report(String name, String logs) throws Exception {
        return JarRun.run(
                work,
                "report",
                "--logs",
                logs,
                "--db",
                name + ".duckdb",
                "--out",
                name,
                "--zone",
                LogStream.ZONE.getId(),
                "--no-mail");
    }

    @Test
    void should_exit_zero_every_run() {
        assertThat(runs).allSatisfy(r -> assertThat(r.exitCode()).as(r.stderr()).isZero());
    }

    @Test
    void should_read_each_line_of_a_dateext_set_once_in_the_order_of_the_dates() throws Exception {
        List<String> read = DbContent.rows(
                work.resolve("rhel.duckdb"), "SELECT lines_read FROM runs WHERE status = 'completed' ORDER BY run_id");
        Map<String, List<String>> rotated = DbContent.read(work.resolve("rhel.duckdb"), DbContent.OUTCOMES);
        Map<String, List<String>> whole = DbContent.read(work.resolve("reference.duckdb"), DbContent.OUTCOMES);

        assertThat(read).containsExactly(String.valueOf(firstNight), String.valueOf(stream.size() - firstNight));
        assertThat(whole.get("recipients")).hasSizeGreaterThan(300);
        for (String table : DbContent.OUTCOMES.keySet()) {
            assertThat(rotated.get(table)).as(table).containsExactlyElementsOf(whole.get(table));
        }
    }

    @Test
    void should_count_a_line_logged_at_several_levels_once() throws Exception {
        List<String> read = DbContent.rows(work.resolve("suse.duckdb"), "SELECT lines_read FROM runs");
        Map<String, List<String>> levels = DbContent.read(work.resolve("suse.duckdb"), DbContent.OUTCOMES);
        Map<String, List<String>> whole = DbContent.read(work.resolve("reference-warnings.duckdb"), DbContent.OUTCOMES);

        assertThat(read).containsExactly(String.valueOf(stream.size() + 3));
        for (String table : DbContent.OUTCOMES.keySet()) {
            assertThat(levels.get(table)).as(table).containsExactlyElementsOf(whole.get(table));
        }
        String log = runs.get(2).stdout();
        for (String narrower : List.of("mail.info", "mail.warn", "mail.err")) {
            assertThat(log)
                    .contains(work.resolve("suse").resolve(narrower) + ": not read, its lines are in "
                            + work.resolve("suse").resolve("mail"));
        }
    }
}
