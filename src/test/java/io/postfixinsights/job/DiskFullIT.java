package io.postfixinsights.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postfixinsights.testsupport.JarRun;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The disk holding the history fills up while a night is written: the run must fail cleanly (exit 1, one line on
 * stderr), leave the previous history intact and usable, and the next night, with space again, must complete it and
 * show the failed run in the report's data quality. The small disk is a tmpfs mounted for the test (needs root);
 * where mounting is impossible the test is skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskFullIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    Path disk;
    boolean mounted;
    Map<String, List<String>> beforeFull;
    Map<String, List<String>> afterFull;
    JarRun full;
    JarRun recovered;

    @BeforeAll
    void fillTheDiskDuringTheSecondNight() throws Exception {
        disk = Files.createDirectories(work.resolve("disk"));
        mounted = mount("size=64m");
        assumeTrue(mounted, "skipped: cannot mount a tmpfs here (needs root and mount rights) to fill a disk");
        List<String> stream = LogStream.lines();
        Path live = work.resolve("mail.log");
        LogStream.append(live, stream.subList(0, 1000));
        JarRun first = report();
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        beforeFull = DbContent.read(disk.resolve("db.duckdb"), DbContent.TABLES);

        // leave 256 KiB free: far less than the next night's rows need
        FileStore store = Files.getFileStore(disk);
        long used = store.getTotalSpace() - store.getUsableSpace();
        assertThat(mount("remount,size=" + (used / 1024 + 256) + "k"))
                .as("shrink the tmpfs")
                .isTrue();
        LogStream.append(live, stream.subList(1000, stream.size()));
        full = report();
        afterFull = DbContent.read(disk.resolve("db.duckdb"), DbContent.TABLES);

        assertThat(mount("remount,size=64m")).as("grow the tmpfs").isTrue();
        recovered = report();
    }

    @AfterAll
    void unmount() throws Exception {
        if (mounted) {
            command("umount", disk.toString());
        }
    }

    JarRun report() throws IOException, InterruptedException {
        return JarRun.run(
                work,
                "report",
                "--logs",
                work.resolve("mail.log").toString(),
                "--db",
                disk.resolve("db.duckdb").toString(),
                "--out",
                "out",
                "--zone",
                LogStream.ZONE.getId(),
                "--no-mail");
    }

    boolean mount(String options) throws IOException, InterruptedException {
        return command("mount", "-t", "tmpfs", "-o", options, "tmpfs", disk.toString());
    }

    static boolean command(String... command) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void should_fail_with_exit_1_and_one_line_naming_the_full_disk() {
        assertThat(full.exitCode()).as(full.stdout()).isEqualTo(1);
        assertThat(full.stderr().strip().lines())
                .singleElement()
                .asString()
                .startsWith("postfix-insights report failed: ")
                .contains("No space left on device");
    }

    @Test
    void should_leave_the_previous_history_intact() {
        assertThat(beforeFull.get("messages")).isNotEmpty();
        assertThat(afterFull).isEqualTo(beforeFull);
    }

    @Test
    void should_complete_the_night_when_space_is_back_and_report_the_failed_run() throws Exception {
        assertThat(recovered.exitCode()).as(recovered.stderr()).isZero();
        assertThat(DbContent.rows(disk.resolve("db.duckdb"), "SELECT status, lines_read FROM runs ORDER BY run_id"))
                .containsExactly(
                        "completed\t1000",
                        "failed\tnull",
                        "completed\t" + (LogStream.lines().size() - 1000));
        JsonNode quality = JSON.readTree(work.resolve("out/latest/summary.json").toFile())
                .get("analysis")
                .get("dataQuality");
        assertThat(quality.get("failedRuns").asInt()).isEqualTo(1);
    }
}
