package io.postfixinsights.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.testsupport.JarRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real processes on one history: the second must leave at once with code 3, and the first must not suffer. */
class ConcurrencyIT {

    @TempDir
    Path work;

    String[] args(String out) {
        return new String[] {
            "report",
            "--logs",
            work.resolve("mail.log").toString(),
            "--db",
            "db.duckdb",
            "--out",
            out,
            "--zone",
            LogStream.ZONE.getId(),
            "--no-mail"
        };
    }

    @Test
    void should_refuse_a_second_run_while_the_first_holds_the_database() throws Exception {
        List<String> stream = LogStream.lines();
        LogStream.append(work.resolve("mail.log"), stream);
        // the first run holds the database with its night written but not committed
        JarRun.Running first = new JarRun.Running(
                JarRun.builder(work, List.of(), Map.of("POSTFIX_INSIGHTS_TEST_PAUSE_AT", "commit"), args("first")),
                work);
        first.awaitLine("test pause at commit", Duration.ofMinutes(3));

        JarRun second = JarRun.run(JarRun.builder(work, args("second")), work);
        boolean firstStillPaused = first.isAlive();
        JarRun firstDone = first.release();

        assertThat(firstStillPaused)
                .as("the second run ended while the first still held the database")
                .isTrue();
        assertThat(second.exitCode()).isEqualTo(3);
        assertThat(second.stderr().strip().lines())
                .singleElement()
                .asString()
                .startsWith("postfix-insights report failed: database ")
                .contains("db.duckdb is in use by another process");
        assertThat(work.resolve("second")).doesNotExist();

        assertThat(firstDone.exitCode()).as(firstDone.stderr()).isZero();
        assertThat(DbContent.rows(work.resolve("db.duckdb"), "SELECT status, lines_read FROM runs"))
                .containsExactly("completed\t" + stream.size());
        assertThat(work.resolve("first/2026-11-15/summary.json")).isRegularFile();
        assertThat(Files.exists(work.resolve("db.duckdb"))).isTrue();
    }
}
