package io.postfixinsights.cli;

import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;

/** The root command: only groups the subcommands. */
@Component
@Command(
        name = "postfix-insights",
        mixinStandardHelpOptions = true,
        version = "postfix-insights 0.1.0",
        description = "Postfix mail log analysis: why did this email not arrive, and where do we have a"
                + " deliverability problem?",
        subcommands = {ReportCommand.class, TraceCommand.class, CoverageCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  java -jar postfix-insights.jar report                       # nightly: /var/log/mail.log* (or maillog*, mail) -> ./report",
            "  java -jar postfix-insights.jar report --logs sample-data/ --db /tmp/pi.duckdb --out /tmp/report",
            "  java -jar postfix-insights.jar trace --recipient bob@example.org",
            "  java -jar postfix-insights.jar trace --queue-id 3F1A82C0D4 --json"
        })
public class PostfixInsightsCommand {}
