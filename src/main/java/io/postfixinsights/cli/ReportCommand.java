package io.postfixinsights.cli;

import io.postfixinsights.config.InsightsProperties;
import io.postfixinsights.deliver.DeliveryException;
import io.postfixinsights.job.NightlyReport;
import io.postfixinsights.store.DatabaseLockedException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code report}: the nightly job. Options override the configured settings for this run. */
@Component
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Read new log lines, store them in the DuckDB history, analyse the period and write the"
                + " HTML report (and mail it, if configured).",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0 report written; 1 run failed; 2 bad options; 3 another run holds the database;",
            "  4 report written but mailing it failed; 5 report written but some log files could not be read"
        })
public class ReportCommand implements Callable<Integer> {

    private final InsightsProperties properties;
    private final NightlyReport nightlyReport;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-l", "--logs"},
            split = ",",
            paramLabel = "PATH",
            description = "log files, directories or globs; auto: the mail logs under /var/log of any"
                    + " distribution (mail.log*, maillog*, mail*) (default: auto)")
    List<String> logs;

    @Option(names = "--db", paramLabel = "FILE", description = "DuckDB file (default: ./data/postfix-insights.duckdb)")
    Path database;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description = "report root (default: ./report)")
    Path output;

    @Option(
            names = "--days",
            description = "length of the report period in days; 0 for the whole history" + " (default: 7)")
    Integer days;

    @Option(
            names = "--end",
            paramLabel = "YYYY-MM-DD",
            description = "last day of the period (default: the day of the newest log line)")
    LocalDate end;

    @Option(names = "--zone", description = "time zone of the logs and the report (default: the system's)")
    ZoneId zone;

    @Option(names = "--no-mail", description = "do not mail the report even if mail is configured")
    boolean noMail;

    public ReportCommand(InsightsProperties properties, NightlyReport nightlyReport) {
        this.properties = properties;
        this.nightlyReport = nightlyReport;
    }

    @Override
    public Integer call() throws Exception {
        InsightsProperties p = properties;
        InsightsProperties settings = new InsightsProperties(
                logs != null ? logs : p.logs(),
                database != null ? database : p.database(),
                output != null ? output : p.output(),
                days != null ? days : p.days(),
                end != null ? end : p.periodEnd(),
                zone != null ? zone : p.zone(),
                p.retention(),
                p.keepReports(),
                p.referenceDir(),
                p.redactRecipients());
        try {
            return exitCode(nightlyReport.run(settings, !noMail));
        } catch (DatabaseLockedException e) {
            return fail(ExitCodes.DATABASE_BUSY, e.getMessage());
        }
    }

    private int exitCode(NightlyReport.Outcome outcome) {
        if (!outcome.completed()) {
            Throwable cause = outcome.failure();
            if (cause instanceof DeliveryException) {
                return fail(ExitCodes.DELIVERY_FAILED, cause.getMessage());
            }
            return fail(ExitCodes.FAILED, oneLine(cause));
        }
        spec.commandLine().getOut().println("report: " + outcome.publication().reportPage());
        List<String> unreadable = outcome.ingested().unreadable();
        outcome.ingested().warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        if (!unreadable.isEmpty()) {
            unreadable.forEach(u -> spec.commandLine().getErr().println("error: " + u));
            return fail(
                    ExitCodes.INPUT_UNREADABLE,
                    unreadable.size() + " log file(s) could not be read; the" + " report covers the others");
        }
        return ExitCodes.OK;
    }

    private int fail(int code, String reason) {
        spec.commandLine().getErr().println("postfix-insights report failed: " + reason);
        return code;
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
