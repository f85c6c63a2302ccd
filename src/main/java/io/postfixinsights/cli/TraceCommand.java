package io.postfixinsights.cli;

import io.postfixinsights.config.InsightsProperties;
import io.postfixinsights.store.Database;
import io.postfixinsights.store.DatabaseLockedException;
import io.postfixinsights.trace.TraceQuery;
import io.postfixinsights.trace.TraceResult;
import io.postfixinsights.trace.TraceText;
import io.postfixinsights.trace.Tracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code trace}: why did this email not arrive? Looks the message up in the stored history. */
@Component
@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        description = "Find messages by recipient, sender, queue ID, Message-ID, domain or client IP and explain"
                + " what happened to each, with its timeline and raw log lines.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0 found, 6 nothing found, 3 a running report holds the history, 1 error"})
public class TraceCommand implements Callable<Integer> {

    private final InsightsProperties properties;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-r", "--recipient"},
            description = "recipient address (to= or orig_to=)")
    String recipient;

    @Option(
            names = {"-s", "--sender"},
            description = "envelope sender address")
    String sender;

    @Option(
            names = {"-q", "--queue-id"},
            description = "Postfix queue ID")
    String queueId;

    @Option(
            names = {"-m", "--message-id"},
            description = "Message-ID header value")
    String messageId;

    @Option(
            names = {"-d", "--domain"},
            description = "recipient domain")
    String domain;

    @Option(
            names = {"-c", "--client"},
            description = "client IP address the message came from")
    String clientIp;

    @Option(names = "--since", description = "only mail active since this date or instant (2026-11-01 or ISO instant)")
    String since;

    @Option(names = "--until", description = "only mail that arrived before this date or instant")
    String until;

    @Option(names = "--limit", defaultValue = "20", description = "most messages to show (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--db", description = "the DuckDB file (default: postfix-insights.database)")
    Path database;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    public TraceCommand(InsightsProperties properties) {
        this.properties = properties;
    }

    @Override
    public Integer call() throws Exception {
        TraceQuery query = new TraceQuery(
                queueId, recipient, domain, sender, messageId, clientIp, instant(since), instant(until), limit);
        if (query.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("trace: give at least one of --recipient, --sender, --queue-id,"
                            + " --message-id, --domain, --client");
            return ExitCodes.USAGE;
        }
        Path db = database != null ? database : properties.database();
        if (!Files.isRegularFile(db)) {
            spec.commandLine().getErr().println("trace: no history at " + db + ": run 'report' first");
            return ExitCodes.FAILED;
        }
        TraceResult result;
        try (Database history = Database.openReadOnly(db)) {
            result = new Tracer(history.connection()).trace(query);
        } catch (DatabaseLockedException e) {
            spec.commandLine()
                    .getErr()
                    .println("trace: the history is being written by a running report; try again"
                            + " when it has finished");
            return ExitCodes.DATABASE_BUSY;
        }
        if (json) {
            // Jackson 3 writes instants as ISO-8601 text by default.
            ObjectMapper mapper = JsonMapper.builder()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build();
            spec.commandLine().getOut().println(mapper.writeValueAsString(result));
        } else {
            new TraceText(spec.commandLine().getOut(), System.console() != null).write(result);
        }
        spec.commandLine().getOut().flush();
        return result.isEmpty() ? ExitCodes.NOT_FOUND : ExitCodes.OK;
    }

    private Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text).atStartOfDay(properties.zone()).toInstant();
        } catch (DateTimeParseException notADate) {
            return Instant.parse(text);
        }
    }
}
