package io.postfixinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.config.InsightsProperties;
import io.postfixinsights.ingest.Ingestion;
import io.postfixinsights.store.Database;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The {@code trace} command as a user runs it: arguments in, text or JSON and an exit code out. */
class TraceCommandTest {

    @TempDir
    Path dir;

    Path history;

    /** Runs a command and captures what it prints, like kcctl's command context. */
    record Run(int exitCode, String out, String err) {}

    Run trace(String... args) {
        InsightsProperties properties = new InsightsProperties(
                List.of(),
                history,
                dir.resolve("report"),
                7,
                null,
                ZoneOffset.UTC,
                Duration.ofDays(365),
                30,
                null,
                false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TraceCommand(properties));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void ingestScenario() throws Exception {
        Path log = dir.resolve("mail.log");
        try (InputStream in = getClass().getResourceAsStream("/scenarios/03_bounced_with_ndr.log")) {
            Files.write(log, in.readAllBytes());
        }
        Files.setLastModifiedTime(log, FileTime.from(Instant.parse("2026-11-04T00:00:00Z")));
        history = dir.resolve("history.duckdb");
        try (Database db = Database.open(history)) {
            new Ingestion(ZoneOffset.UTC, Clock.fixed(Instant.parse("2026-11-05T00:00:00Z"), ZoneOffset.UTC))
                    .run(db, List.of(log.toString()));
        }
    }

    @Test
    void should_print_the_timeline_and_exit_zero_when_found() {
        Run run = trace("--recipient", "nobody@example.org");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out())
                .contains("Message 9D4E5F6A7B")
                .contains("bounced")
                .contains("5.1.1")
                .contains("sender non-delivery notification: 1C2D3E4F5A");
        // Piped, not a terminal: no colour codes.
        assertThat(run.out()).doesNotContain("\u001b[");
    }

    @Test
    void should_write_json_for_scripts() throws Exception {
        Run run = trace("--queue-id", "9D4E5F6A7B", "--json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(json.at("/messages/0/queueId").asString()).isEqualTo("9D4E5F6A7B");
        assertThat(json.at("/messages/0/recipients/0/status").asString()).isEqualTo("bounced");
        assertThat(json.at("/messages/0/firstAt").asString()).isEqualTo("2026-11-03T14:02:11.000100Z");
        assertThat(json.at("/messages/0/linked/0/queueId").asString()).isEqualTo("1C2D3E4F5A");
    }

    @Test
    void should_exit_with_not_found_when_nothing_matches() {
        Run run = trace("--recipient", "nobody@elsewhere.example");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.out()).contains("never reached this server");
    }

    @Test
    void should_refuse_a_trace_without_criteria_and_a_missing_history() {
        assertThat(trace().exitCode()).isEqualTo(ExitCodes.USAGE);
        Run missing = trace("--db", dir.resolve("none.duckdb").toString(), "--recipient", "x@example.org");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err()).contains("no history at");
    }
}
