package io.postfixinsights.analyse;

import io.postfixinsights.analyse.Analysis.Cluster;
import io.postfixinsights.analyse.Analysis.DataQuality;
import io.postfixinsights.analyse.Analysis.DomainDelay;
import io.postfixinsights.analyse.Analysis.DomainRate;
import io.postfixinsights.analyse.Analysis.DsnCount;
import io.postfixinsights.analyse.Analysis.FailedRecipient;
import io.postfixinsights.analyse.Analysis.LineKind;
import io.postfixinsights.analyse.Analysis.Ndrs;
import io.postfixinsights.analyse.Analysis.Problem;
import io.postfixinsights.analyse.Analysis.ProviderRate;
import io.postfixinsights.analyse.Analysis.QueuedRecipient;
import io.postfixinsights.analyse.Analysis.RejectGroup;
import io.postfixinsights.analyse.Analysis.ReplyCount;
import io.postfixinsights.analyse.Analysis.SenderFailures;
import io.postfixinsights.analyse.Analysis.Totals;
import io.postfixinsights.analyse.Analysis.Trend;
import io.postfixinsights.analyse.Analysis.Verdict;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the analyse SQL on a connection that holds the core schema and the ref_* reference tables, and returns the
 * typed result. Sets the session TimeZone to the report zone, so days and ISO weeks are cut in that zone.
 */
public final class Analyser {
    private final AnalysisSettings settings;
    private final Clock clock;

    public Analyser() {
        this(AnalysisSettings.defaults(), Clock.systemUTC());
    }

    public Analyser(AnalysisSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Analysis analyse(Connection c, ReportPeriod period) {
        try {
            SqlQueries q = new SqlQueries(c);
            q.executeRaw("SET TimeZone = '" + duckDbZone(period.zone()) + "'");
            q.execute("destination_functions");
            q.executeRaw(replyClassMacro(q));
            setHistoryBounds(q, period);
            q.execute("user_mail_views");
            Totals totals = q.one("totals", Analyser::totals, period.from(), period.to());
            List<DomainRate> domains =
                    q.list("domain_rates", Analyser::domainRate, period.from(), period.to(), settings.maxDomains());
            List<DsnCount> dsn = q.list(
                    "dsn_codes_per_domain",
                    Analyser::dsnCount,
                    period.from(),
                    period.to(),
                    settings.dsnCodesPerDomain());
            Ndrs ndrs = q.one(
                    "ndrs",
                    rs -> new Ndrs(
                            rs.getLong("non_delivery"),
                            rs.getLong("delay"),
                            rs.getLong("success"),
                            rs.getLong("delivered"),
                            rs.getLong("failed")),
                    period.from(),
                    period.to());
            DataQuality quality = dataQuality(q, period);
            List<Cluster> clusters = clusters(q, period, settings.clusters());
            int top = settings.topN();
            List<DomainRate> failingDomains = domains.stream()
                    .filter(d -> d.bounced() + d.expired() + d.deferredAtLeastOnce() > 0)
                    .sorted(Comparator.comparingLong((DomainRate d) -> d.bounced() + d.expired())
                            .reversed()
                            .thenComparing(Comparator.comparingLong(DomainRate::deferredAtLeastOnce)
                                    .reversed()))
                    .limit(top)
                    .toList();
            return new Analysis(
                    period,
                    clock.instant(),
                    verdict(period, totals, quality, clusters),
                    totals,
                    domains,
                    dsn,
                    ndrs,
                    quality,
                    clusters,
                    settings.clusters(),
                    providerRates(q, period, "period"),
                    providerRates(q, period, "day"),
                    providerRates(q, period, "week"),
                    q.list(
                            "weekly_trends",
                            Analyser::trend,
                            period.to(),
                            settings.trendWeeks(),
                            settings.trendMinRecipients(),
                            settings.trendPoints(),
                            settings.trendVolumePct()),
                    q.list("domain_delays", Analyser::delay, period.from(), period.to(), top),
                    q.list("rejects_by_reason_class", Analyser::rejectGroup, period.from(), period.to(), top),
                    q.list("rejects_by_stage", Analyser::rejectGroup, period.from(), period.to(), top),
                    q.list("rejects_by_client", Analyser::rejectGroup, period.from(), period.to(), top),
                    q.list(
                            "top_failing_senders",
                            rs -> new SenderFailures(
                                    rs.getString("sender"),
                                    rs.getLong("recipients"),
                                    rs.getLong("deferred_once"),
                                    rs.getLong("bounced"),
                                    rs.getLong("expired")),
                            period.from(),
                            period.to(),
                            top),
                    failingDomains,
                    q.list("still_queued", Analyser::queued, period.from(), period.to(), settings.stillQueuedLimit()),
                    weeklyHistory(q, period),
                    q.list(
                            "failed_recipients",
                            rs -> new FailedRecipient(
                                    rs.getLong("msg_id"),
                                    rs.getString("recipient"),
                                    rs.getString("domain"),
                                    rs.getString("status"),
                                    SqlQueries.instant(rs, "final_at"),
                                    rs.getString("dsn"),
                                    rs.getString("reply")),
                            period.from(),
                            period.to(),
                            settings.failedRecipientLimit()));
        } catch (SQLException e) {
            throw new IllegalStateException("analysis failed: " + e.getMessage(), e);
        }
    }

    private Verdict verdict(ReportPeriod period, Totals t, DataQuality dq, List<Cluster> clusters) {
        List<String> reasons = new ArrayList<>();
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(period.zone());
        for (Cluster c : clusters) {
            reasons.add(String.format(
                    Locale.ROOT,
                    "%s cluster at %s: %d of %d attempts failed (%d distinct recipients) from %s to %s",
                    c.clusterClass(),
                    c.provider(),
                    c.failures(),
                    c.attempts(),
                    c.distinctRecipients(),
                    time.format(c.firstFailure()),
                    time.format(c.lastFailure())));
        }
        double failedPct = t.recipients() == 0 ? 0 : 100.0 * (t.bounced() + t.expired()) / t.recipients();
        if (failedPct > settings.warnBouncedPct()) {
            reasons.add(String.format(
                    Locale.ROOT,
                    "%.1f %% of recipients bounced or expired (threshold %.1f %%)",
                    failedPct,
                    settings.warnBouncedPct()));
        }
        if (dq.failedRuns() > 0) {
            reasons.add(dq.failedRuns() + " failed run(s): some logs may be missing");
        }
        if (dq.truncatedFiles() > 0) {
            reasons.add(dq.truncatedFiles() + " truncated log file(s)");
        }
        double unrecognisedPct = dq.linesRead() == 0 ? 0 : 100.0 * dq.linesUnrecognised() / dq.linesRead();
        if (unrecognisedPct > settings.warnUnrecognisedPct()) {
            reasons.add(String.format(
                    Locale.ROOT,
                    "%.1f %% of log lines were not recognised (threshold %.1f %%)",
                    unrecognisedPct,
                    settings.warnUnrecognisedPct()));
        }
        return new Verdict(reasons.isEmpty(), List.copyOf(reasons));
    }

    /**
     * The earliest outcome and attempt any query looks at (weekly history and trends reach back whole weeks, the
     * cluster baseline days), with a day to spare for days that daylight saving time makes 23 or 25 hours long.
     */
    private void setHistoryBounds(SqlQueries q, ReportPeriod period) throws SQLException {
        Instant to = period.to();
        Instant recipientsFrom = Collections.min(List.of(
                        period.from(),
                        to.minus(Duration.ofDays(7L * settings.historyWeeks() + 1)),
                        to.minus(Duration.ofDays(7L * (settings.trendWeeks() + 1)))))
                .minus(Duration.ofDays(1));
        Instant attemptsFrom =
                period.from().minus(Duration.ofDays(settings.clusters().baselineDays() + 1L));
        // Instant.toString is ISO-8601 UTC: safe to inline
        q.executeRaw("SET VARIABLE recipients_from = TIMESTAMPTZ '" + recipientsFrom + "'");
        q.executeRaw("SET VARIABLE attempts_from = TIMESTAMPTZ '" + attemptsFrom + "'");
    }

    /**
     * reply_class(r): the reason class of the first rule of ref_reply_rules (by priority) whose pattern matches, else
     * 'other'. Written out as one CASE over constant patterns: DuckDB compiles a constant pattern once per query,
     * but a pattern read from a table once per row, which made classifying a few thousand rejects take seconds.
     */
    static String replyClassMacro(SqlQueries q) throws SQLException {
        StringBuilder cases = new StringBuilder();
        for (String when : q.rows(
                "SELECT pattern, reason_class FROM ref_reply_rules ORDER BY priority, pattern",
                rs -> " WHEN regexp_matches(r, " + SqlQueries.literal(rs.getString(1)) + ", 'i') THEN "
                        + SqlQueries.literal(rs.getString(2)))) {
            cases.append(when);
        }
        return "CREATE OR REPLACE TEMP MACRO reply_class(r) AS "
                + (cases.isEmpty() ? "'other'" : "CASE" + cases + " ELSE 'other' END");
    }

    /** One row per cluster and top reply (ordered), folded into one Cluster each. */
    private static List<Cluster> clusters(SqlQueries q, ReportPeriod period, ClusterSettings s) throws SQLException {
        record Row(Cluster cluster, ReplyCount reply) {}
        List<Row> rows = q.list(
                "failure_clusters",
                rs -> new Row(
                        new Cluster(
                                rs.getString("provider"),
                                SqlQueries.instant(rs, "span_from"),
                                SqlQueries.instant(rs, "span_to"),
                                SqlQueries.instant(rs, "first_failure"),
                                SqlQueries.instant(rs, "last_failure"),
                                rs.getLong("failures"),
                                rs.getLong("attempts"),
                                rs.getLong("distinct_recipients"),
                                SqlQueries.nullableDouble(rs, "share_pct"),
                                SqlQueries.nullableDouble(rs, "baseline_pct"),
                                rs.getString("domains"),
                                rs.getString("cluster_class"),
                                rs.getString("label"),
                                rs.getString("advice"),
                                List.of()),
                        rs.getString("reply") == null && rs.getString("reply_dsn") == null
                                ? null
                                : new ReplyCount(
                                        rs.getString("reply"), rs.getString("reply_dsn"), rs.getLong("reply_count"))),
                period.from(),
                period.to(),
                s.windowSeconds(),
                s.baselineDays(),
                s.minFailures(),
                s.minVolumePct() / 100,
                s.minSharePct() / 100,
                s.baselineFactor(),
                s.minRisePct() / 100,
                s.othersFactor(),
                s.classMajorityPct() / 100,
                s.hygieneDistinctPct() / 100,
                String.join(",", s.authReplyClasses()),
                String.join(",", s.policyReplyClasses()),
                String.join(",", s.throttlingReplyClasses()),
                String.join(",", s.hygieneReplyClasses()));
        Map<List<Object>, Cluster> byKey = new LinkedHashMap<>();
        Map<List<Object>, List<ReplyCount>> replies = new LinkedHashMap<>();
        for (Row r : rows) {
            List<Object> key = List.of(r.cluster().provider(), r.cluster().windowStart());
            byKey.putIfAbsent(key, r.cluster());
            List<ReplyCount> list = replies.computeIfAbsent(key, k -> new ArrayList<>());
            if (r.reply() != null) {
                list.add(r.reply());
            }
        }
        List<Cluster> clusters = new ArrayList<>();
        byKey.forEach((key, c) -> clusters.add(new Cluster(
                c.provider(),
                c.windowStart(),
                c.windowEnd(),
                c.firstFailure(),
                c.lastFailure(),
                c.failures(),
                c.attempts(),
                c.distinctRecipients(),
                c.sharePct(),
                c.baselinePct(),
                c.domains(),
                c.clusterClass(),
                c.label(),
                c.advice(),
                List.copyOf(replies.get(key)))));
        return List.copyOf(clusters);
    }

    private static DataQuality dataQuality(SqlQueries q, ReportPeriod period) throws SQLException {
        List<LineKind> kinds = q.list(
                "unrecognised_line_kinds",
                rs -> new LineKind(
                        rs.getString("category"),
                        rs.getString("kind"),
                        rs.getLong("lines"),
                        rs.getString("sample"),
                        rs.getString("sample_file"),
                        (Long) rs.getObject("sample_line")),
                period.from());
        List<Problem> problems = q.list(
                "problem_files_and_runs",
                rs -> new Problem(
                        rs.getString("what"),
                        SqlQueries.instant(rs, "at"),
                        rs.getString("detail"),
                        rs.getLong("run_id")),
                period.from());
        return q.one(
                "data_quality",
                rs -> new DataQuality(
                        rs.getLong("runs"),
                        rs.getLong("failed_runs"),
                        rs.getLong("files"),
                        rs.getLong("truncated_files"),
                        rs.getLong("lines_read"),
                        rs.getLong("lines_used"),
                        rs.getLong("lines_noise"),
                        rs.getLong("lines_other"),
                        rs.getLong("lines_unrecognised"),
                        kinds,
                        problems),
                period.from());
    }

    private static Totals totals(ResultSet rs) throws SQLException {
        long recipients = rs.getLong("recipients");
        return new Totals(
                rs.getLong("messages"),
                rs.getLong("bytes"),
                recipients,
                rs.getLong("delivered"),
                rs.getLong("deferred_once"),
                rs.getLong("bounced"),
                rs.getLong("expired"),
                rs.getLong("still_queued"),
                rs.getLong("deleted"),
                rs.getLong("other"),
                rs.getLong("rejects"),
                rs.getLong("reject_warnings"),
                rs.getLong("ndrs"),
                pct(rs.getLong("delivered"), recipients),
                pct(rs.getLong("deferred_once"), recipients),
                pct(rs.getLong("bounced"), recipients),
                pct(rs.getLong("expired"), recipients));
    }

    private static List<ProviderRate> providerRates(SqlQueries q, ReportPeriod period, String bucket)
            throws SQLException {
        return q.list("provider_rates", Analyser::providerRate, period.from(), period.to(), bucket);
    }

    private static ProviderRate providerRate(ResultSet rs) throws SQLException {
        return new ProviderRate(
                rs.getString("bucket"),
                rs.getString("provider"),
                rs.getLong("recipients"),
                rs.getLong("delivered"),
                rs.getLong("deferred_once"),
                rs.getLong("bounced"),
                rs.getLong("expired"),
                rs.getLong("still_queued"),
                SqlQueries.nullableDouble(rs, "delivered_pct"),
                SqlQueries.nullableDouble(rs, "deferred_pct"),
                SqlQueries.nullableDouble(rs, "bounced_pct"),
                SqlQueries.nullableDouble(rs, "expired_pct"));
    }

    /**
     * Outcomes per ISO week and provider from the whole history. Weeks that retention pruned come from the store's
     * daily_rollups; a database made before that table existed gets an empty stand-in, so one query serves both.
     */
    private List<ProviderRate> weeklyHistory(SqlQueries q, ReportPeriod period) throws SQLException {
        if (!q.tableExists("daily_rollups")) {
            q.executeRaw("CREATE TEMP TABLE daily_rollups (day DATE, host VARCHAR, metric VARCHAR, domain VARCHAR,"
                    + " status VARCHAR, count BIGINT)");
        }
        return q.list("weekly_history", Analyser::providerRate, period.to(), settings.historyWeeks());
    }

    private static Trend trend(ResultSet rs) throws SQLException {
        List<String> flags = new ArrayList<>();
        for (String flag : List.of("volume_changed", "delivered_fell", "deferred_rose", "bounced_rose")) {
            if (rs.getBoolean(flag)) {
                flags.add(flag.replace('_', '-'));
            }
        }
        return new Trend(
                rs.getString("provider"),
                rs.getLong("recipients"),
                SqlQueries.nullableDouble(rs, "recipients_before"),
                SqlQueries.nullableDouble(rs, "delivered_pct"),
                SqlQueries.nullableDouble(rs, "delivered_pct_before"),
                SqlQueries.nullableDouble(rs, "deferred_pct"),
                SqlQueries.nullableDouble(rs, "deferred_pct_before"),
                SqlQueries.nullableDouble(rs, "bounced_pct"),
                SqlQueries.nullableDouble(rs, "bounced_pct_before"),
                List.copyOf(flags));
    }

    private static DomainDelay delay(ResultSet rs) throws SQLException {
        return new DomainDelay(
                rs.getString("domain"),
                rs.getLong("deliveries"),
                SqlQueries.nullableDouble(rs, "p50"),
                SqlQueries.nullableDouble(rs, "p95"),
                SqlQueries.nullableDouble(rs, "p99"),
                SqlQueries.nullableDouble(rs, "max_delay"),
                SqlQueries.nullableDouble(rs, "avg_before_qmgr"),
                SqlQueries.nullableDouble(rs, "avg_in_qmgr"),
                SqlQueries.nullableDouble(rs, "avg_connect"),
                SqlQueries.nullableDouble(rs, "avg_transmit"));
    }

    private static RejectGroup rejectGroup(ResultSet rs) throws SQLException {
        return new RejectGroup(
                rs.getString("key"),
                rs.getString("label"),
                rs.getString("advice"),
                rs.getLong("n"),
                rs.getString("sample"));
    }

    private static QueuedRecipient queued(ResultSet rs) throws SQLException {
        return new QueuedRecipient(
                rs.getString("host"),
                rs.getString("queue_id"),
                rs.getString("sender"),
                rs.getString("recipient"),
                rs.getString("domain"),
                SqlQueries.instant(rs, "first_at"),
                SqlQueries.instant(rs, "final_at"),
                rs.getLong("deferrals"),
                rs.getString("dsn"),
                rs.getString("reply"),
                rs.getLong("msg_id"));
    }

    private static DomainRate domainRate(ResultSet rs) throws SQLException {
        return new DomainRate(
                rs.getString("domain"),
                rs.getString("provider"),
                rs.getLong("recipients"),
                rs.getLong("delivered"),
                rs.getLong("deferred_once"),
                rs.getLong("bounced"),
                rs.getLong("expired"),
                rs.getLong("still_queued"),
                SqlQueries.nullableDouble(rs, "delivered_pct"),
                SqlQueries.nullableDouble(rs, "deferred_pct"),
                SqlQueries.nullableDouble(rs, "bounced_pct"),
                SqlQueries.nullableDouble(rs, "expired_pct"));
    }

    private static DsnCount dsnCount(ResultSet rs) throws SQLException {
        return new DsnCount(
                rs.getString("domain"),
                rs.getString("status"),
                rs.getString("dsn"),
                rs.getLong("attempts"),
                rs.getString("sample_reply"),
                rs.getString("meaning"),
                rs.getString("advice"));
    }

    /**
     * The zone as DuckDB (ICU) names it: region ids as they are; a fixed offset as UTC or Etc/GMT-h (ICU's sign is
     * inverted). Zone ids hold only letters, digits and '/', '+', '-', '_', so quoting them is safe.
     */
    static String duckDbZone(ZoneId zone) {
        ZoneId z = zone.normalized();
        if (!(z instanceof ZoneOffset offset)) {
            return z.getId();
        }
        int seconds = offset.getTotalSeconds();
        if (seconds % 3600 != 0) {
            throw new IllegalArgumentException("use a region zone id instead of the offset " + offset);
        }
        int hours = seconds / 3600;
        return hours == 0 ? "UTC" : "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours);
    }

    /** Same rounding as the SQL pct macro: one decimal, half up. */
    static Double pct(long part, long whole) {
        return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
    }
}
