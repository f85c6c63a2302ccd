package io.postfixinsights.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the nightly job, bound from {@code application.yml}, {@code POSTFIX_INSIGHTS_*} environment
 * variables or {@code --postfix-insights.*} arguments (Spring Boot's usual order); the CLI options override them.
 *
 * @param logs log files, directories or globs, read in time order; {@code auto}: the mail logs of whichever
 *     distribution this is, under {@code /var/log} ({@link io.postfixinsights.source.DefaultLogs})
 * @param database the DuckDB file that keeps the history
 * @param output the report root: {@code YYYY-MM-DD/}, {@code latest/} and an {@code index.html} of past reports
 * @param days the report period's length in days
 * @param periodEnd the last day of the report period; empty means the day of the newest log line
 * @param zone the zone for year-less and zone-less log stamps and for cutting days and weeks in the report
 * @param retention how long detail rows (messages, attempts, rejects) are kept; daily rollups stay
 * @param keepReports how many dated reports to keep in the output root
 * @param referenceDir a folder with user additions to the classification files (providers.csv, reply-rules.csv ...)
 * @param redactRecipients hash recipient local parts in the report, for admins who share it
 */
@ConfigurationProperties("postfix-insights")
public record InsightsProperties(
        @DefaultValue("auto") List<String> logs,
        @DefaultValue("./data/postfix-insights.duckdb") Path database,
        @DefaultValue("./report") Path output,
        @DefaultValue("7") int days,
        LocalDate periodEnd,
        ZoneId zone,
        @DefaultValue("365d") Duration retention,
        @DefaultValue("30") int keepReports,
        Path referenceDir,
        @DefaultValue("false") boolean redactRecipients) {

    public InsightsProperties {
        zone = zone == null ? ZoneId.systemDefault() : zone;
    }
}
