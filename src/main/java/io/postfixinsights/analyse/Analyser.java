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
import io.postfixinsights.store.Sql;
import io.postfixinsights.store.Sql.Params;
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
    private static final String SQL = "sql/analyse/";
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
            Sql q = new Sql(c);
            q.run(SQL + "report_zone.sql", Params.of("zone", duckDbZone(period.zone())));
            q.run(SQL + "destination_functions.sql", Params.none());
            q.runGenerated("the reply_class macro", replyClassMacro(q));
            q.run(SQL + "user_mail_views.sql", historyBounds(period));
            Params inPeriod = inPeriod(period);
            Totals totals = q.one(SQL + "totals.sql", inPeriod, Analyser::totals);
            List<DomainRate> domains = q.list(
                    SQL + "domain_rates.sql", inPeriod.and("row_limit", settings.maxDomains()), Analyser::domainRate);
            List<DsnCount> dsn = q.list(
                    SQL + "dsn_codes_per_domain.sql",
                    inPeriod.and("row_limit", settings.dsnCodesPerDomain()),
                    Analyser::dsnCount);
            Ndrs ndrs = q.one(
                    SQL + "ndrs.sql",
                    inPeriod,
                    rs -> new Ndrs(
                            rs.getLong("non_delivery"),
                            rs.getLong("delay"),
                            rs.getLong("success"),
                            rs.getLong("delivered"),
                            rs.getLong("failed")));
            DataQuality quality = dataQuality(q, period);
            List<Cluster> clusters = clusters(q, period, settings.clusters());
            int top = settings.topN();
            Params topInPeriod = inPeriod.and("row_limit", top);
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
                            SQL + "weekly_trends.sql",
                            Params.of("period_to", period.to())
                                    .and("weeks", settings.trendWeeks())
                                    .and("min_recipients", settings.trendMinRecipients())
                                    .and("points", settings.trendPoints())
                                    .and("volume_pct", settings.trendVolumePct()),
                            Analyser::trend),
                    q.list(SQL + "domain_delays.sql", topInPeriod, Analyser::delay),
                    q.list(SQL + "rejects_by_reason_class.sql", topInPeriod, Analyser::rejectGroup),
                    q.list(SQL + "rejects_by_stage.sql", topInPeriod, Analyser::rejectGroup),
                    q.list(SQL + "rejects_by_client.sql", topInPeriod, Analyser::rejectGroup),
                    q.list(
                            SQL + "top_failing_senders.sql",
                            topInPeriod,
                            rs -> new SenderFailures(
                                    rs.getString("sender"),
                                    rs.getLong("recipients"),
                                    rs.getLong("deferred_once"),
                                    rs.getLong("bounced"),
                                    rs.getLong("expired"))),
                    failingDomains,
                    q.list(
                            SQL + "still_queued.sql",
                            inPeriod.and("row_limit", settings.stillQueuedLimit()),
                            Analyser::queued),
                    weeklyHistory(q, period),
                    q.list(
                            SQL + "failed_recipients.sql",
                            inPeriod.and("row_limit", settings.failedRecipientLimit()),
                            rs -> new FailedRecipient(
                                    rs.getLong("msg_id"),
                                    rs.getString("recipient"),
                                    rs.getString("domain"),
                                    rs.getString("status"),
                                    Sql.instant(rs, "final_at"),
                                    rs.getString("dsn"),
                                    rs.getString("reply"))));
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

    /** The period [from, to) as the parameters period_from and period_to. */
    private static Params inPeriod(ReportPeriod period) {
        return Params.of("period_from", period.from()).and("period_to", period.to());
    }

    /**
     * The earliest outcome and attempt any query looks at (weekly history and trends reach back whole weeks, the
     * cluster baseline days), with a day to spare for days that daylight saving time makes 23 or 25 hours long.
     */
    private Params historyBounds(ReportPeriod period) {
        Instant to = period.to();
        Instant recipientsFrom = Collections.min(List.of(
                        period.from(),
                        to.minus(Duration.ofDays(7L * settings.historyWeeks() + 1)),
                        to.minus(Duration.ofDays(7L * (settings.trendWeeks() + 1)))))
                .minus(Duration.ofDays(1));
        Instant attemptsFrom =
                period.from().minus(Duration.ofDays(settings.clusters().baselineDays() + 1L));
        return Params.of("recipients_from", recipientsFrom).and("attempts_from", attemptsFrom);
    }

    /**
     * reply_class(r): the reason class of the first rule of ref_reply_rules (by priority) whose pattern matches, else
     * 'other'. Written out as one CASE over constant patterns: DuckDB compiles a constant pattern once per query,
     * but a pattern read from a table once per row, which made classifying a few thousand rejects take seconds.
     */
    static String replyClassMacro(Sql q) throws SQLException {
        StringBuilder cases = new StringBuilder();
        for (String when : q.list(
                SQL + "reply_rules.sql",
                Params.none(),
                rs -> " WHEN regexp_matches(r, " + Sql.literal(rs.getString("pattern")) + ", 'i') THEN "
                        + Sql.literal(rs.getString("reason_class")))) {
            cases.append(when);
        }
        return "CREATE OR REPLACE TEMP MACRO reply_class(r) AS "
                + (cases.isEmpty() ? "'other'" : "CASE" + cases + " ELSE 'other' END");
    }

    /** One row per cluster and top reply (ordered), folded into one Cluster each. */
    private static List<Cluster> clusters(Sql q, ReportPeriod period, ClusterSettings s) throws SQLException {
        record Row(Cluster cluster, ReplyCount reply) {}
        List<Row> rows = q.list(
                SQL + "failure_clusters.sql",
                inPeriod(period)
                        .and("window_seconds", s.windowSeconds())
                        .and("baseline_days", s.baselineDays())
                        .and("min_failures", s.minFailures())
                        .and("min_volume_share", s.minVolumePct() / 100)
                        .and("min_share", s.minSharePct() / 100)
                        .and("baseline_factor", s.baselineFactor())
                        .and("min_rise", s.minRisePct() / 100)
                        .and("others_factor", s.othersFactor())
                        .and("class_majority", s.classMajorityPct() / 100)
                        .and("hygiene_distinct_share", s.hygieneDistinctPct() / 100)
                        .and("auth_classes", List.copyOf(s.authReplyClasses()))
                        .and("policy_classes", List.copyOf(s.policyReplyClasses()))
                        .and("throttling_classes", List.copyOf(s.throttlingReplyClasses()))
                        .and("hygiene_classes", List.copyOf(s.hygieneReplyClasses())),
                rs -> new Row(
                        new Cluster(
                                rs.getString("provider"),
                                Sql.instant(rs, "span_from"),
                                Sql.instant(rs, "span_to"),
                                Sql.instant(rs, "first_failure"),
                                Sql.instant(rs, "last_failure"),
                                rs.getLong("failures"),
                                rs.getLong("attempts"),
                                rs.getLong("distinct_recipients"),
                                Sql.nullableDouble(rs, "share_pct"),
                                Sql.nullableDouble(rs, "baseline_pct"),
                                rs.getString("domains"),
                                rs.getString("cluster_class"),
                                rs.getString("label"),
                                rs.getString("advice"),
                                List.of()),
                        rs.getString("reply") == null && rs.getString("reply_dsn") == null
                                ? null
                                : new ReplyCount(
                                        rs.getString("reply"), rs.getString("reply_dsn"), rs.getLong("reply_count"))));
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

    private static DataQuality dataQuality(Sql q, ReportPeriod period) throws SQLException {
        Params since = Params.of("period_from", period.from());
        List<LineKind> kinds = q.list(
                SQL + "unrecognised_line_kinds.sql",
                since,
                rs -> new LineKind(
                        rs.getString("category"),
                        rs.getString("kind"),
                        rs.getLong("lines"),
                        rs.getString("sample"),
                        rs.getString("sample_file"),
                        (Long) rs.getObject("sample_line")));
        List<Problem> problems = q.list(
                SQL + "problem_files_and_runs.sql",
                since,
                rs -> new Problem(
                        rs.getString("what"), Sql.instant(rs, "at"), rs.getString("detail"), rs.getLong("run_id")));
        return q.one(
                SQL + "data_quality.sql",
                since,
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
                        problems));
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

    private static List<ProviderRate> providerRates(Sql q, ReportPeriod period, String bucket) throws SQLException {
        return q.list(SQL + "provider_rates.sql", inPeriod(period).and("bucket", bucket), Analyser::providerRate);
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
                Sql.nullableDouble(rs, "delivered_pct"),
                Sql.nullableDouble(rs, "deferred_pct"),
                Sql.nullableDouble(rs, "bounced_pct"),
                Sql.nullableDouble(rs, "expired_pct"));
    }

    /**
     * Outcomes per ISO week and provider from the whole history. Weeks that retention pruned come from the store's
     * daily_rollups.
     */
    private List<ProviderRate> weeklyHistory(Sql q, ReportPeriod period) throws SQLException {
        return q.list(
                SQL + "weekly_history.sql",
                Params.of("period_to", period.to()).and("weeks", settings.historyWeeks()),
                Analyser::providerRate);
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
                Sql.nullableDouble(rs, "recipients_before"),
                Sql.nullableDouble(rs, "delivered_pct"),
                Sql.nullableDouble(rs, "delivered_pct_before"),
                Sql.nullableDouble(rs, "deferred_pct"),
                Sql.nullableDouble(rs, "deferred_pct_before"),
                Sql.nullableDouble(rs, "bounced_pct"),
                Sql.nullableDouble(rs, "bounced_pct_before"),
                List.copyOf(flags));
    }

    private static DomainDelay delay(ResultSet rs) throws SQLException {
        return new DomainDelay(
                rs.getString("domain"),
                rs.getLong("deliveries"),
                Sql.nullableDouble(rs, "p50"),
                Sql.nullableDouble(rs, "p95"),
                Sql.nullableDouble(rs, "p99"),
                Sql.nullableDouble(rs, "max_delay"),
                Sql.nullableDouble(rs, "avg_before_qmgr"),
                Sql.nullableDouble(rs, "avg_in_qmgr"),
                Sql.nullableDouble(rs, "avg_connect"),
                Sql.nullableDouble(rs, "avg_transmit"));
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
                Sql.instant(rs, "first_at"),
                Sql.instant(rs, "final_at"),
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
                Sql.nullableDouble(rs, "delivered_pct"),
                Sql.nullableDouble(rs, "deferred_pct"),
                Sql.nullableDouble(rs, "bounced_pct"),
                Sql.nullableDouble(rs, "expired_pct"));
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
