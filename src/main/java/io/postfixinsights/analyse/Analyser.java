package io.postfixinsights.analyse;

import io.postfixinsights.analyse.Analysis.DataQuality;
import io.postfixinsights.analyse.Analysis.DomainRate;
import io.postfixinsights.analyse.Analysis.DsnCount;
import io.postfixinsights.analyse.Analysis.LineKind;
import io.postfixinsights.analyse.Analysis.Ndrs;
import io.postfixinsights.analyse.Analysis.Problem;
import io.postfixinsights.analyse.Analysis.Totals;
import io.postfixinsights.analyse.Analysis.Verdict;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

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
            // ZoneId ids are letters, digits, '/', '+', '-', '_' only, so quoting is safe.
            q.executeRaw("SET TimeZone = '" + period.zone().getId() + "'");
            q.execute("destination_functions");
            q.execute("user_mail_views");
            Totals totals = q.one("totals", Analyser::totals, period.from(), period.to());
            List<DomainRate> domains =
                    q.list("domain_rates", Analyser::domainRate, period.from(), period.to(), settings.maxDomains());
            List<DsnCount> dsn = q.list("dsn_codes_per_domain", Analyser::dsnCount, period.from(), period.to(),
                    settings.dsnCodesPerDomain());
            Ndrs ndrs = q.one("ndrs", rs -> new Ndrs(rs.getLong("non_delivery"), rs.getLong("delay"),
                    rs.getLong("success"), rs.getLong("delivered"), rs.getLong("failed")), period.from(), period.to());
            DataQuality quality = dataQuality(q, period);
            return new Analysis(period, clock.instant(), verdict(totals, quality), totals, domains, dsn, ndrs,
                    quality);
        } catch (SQLException e) {
            throw new IllegalStateException("analysis failed: " + e.getMessage(), e);
        }
    }

    private Verdict verdict(Totals t, DataQuality dq) {
        List<String> reasons = new ArrayList<>();
        double failedPct = t.recipients() == 0 ? 0 : 100.0 * (t.bounced() + t.expired()) / t.recipients();
        if (failedPct > settings.warnBouncedPct()) {
            reasons.add(String.format(java.util.Locale.ROOT, "%.1f %% of recipients bounced or expired (threshold %.1f %%)",
                    failedPct, settings.warnBouncedPct()));
        }
        if (dq.failedRuns() > 0) {
            reasons.add(dq.failedRuns() + " failed run(s): some logs may be missing");
        }
        if (dq.truncatedFiles() > 0) {
            reasons.add(dq.truncatedFiles() + " truncated log file(s)");
        }
        double unrecognisedPct = dq.linesRead() == 0 ? 0 : 100.0 * dq.linesUnrecognised() / dq.linesRead();
        if (unrecognisedPct > settings.warnUnrecognisedPct()) {
            reasons.add(String.format(java.util.Locale.ROOT, "%.1f %% of log lines were not recognised (threshold %.1f %%)",
                    unrecognisedPct, settings.warnUnrecognisedPct()));
        }
        return new Verdict(reasons.isEmpty(), List.copyOf(reasons));
    }

    private static DataQuality dataQuality(SqlQueries q, ReportPeriod period) throws SQLException {
        List<LineKind> kinds = q.list("unrecognised_line_kinds", rs -> new LineKind(rs.getString("category"),
                rs.getString("kind"), rs.getLong("lines"), rs.getString("sample"), rs.getString("sample_file"),
                (Long) rs.getObject("sample_line")), period.from());
        List<Problem> problems = q.list("problem_files_and_runs", rs -> new Problem(rs.getString("what"),
                SqlQueries.instant(rs, "at"), rs.getString("detail"), rs.getLong("run_id")), period.from());
        return q.one("data_quality", rs -> new DataQuality(rs.getLong("runs"), rs.getLong("failed_runs"),
                rs.getLong("files"), rs.getLong("truncated_files"), rs.getLong("lines_read"),
                rs.getLong("lines_used"), rs.getLong("lines_noise"), rs.getLong("lines_other"),
                rs.getLong("lines_unrecognised"), kinds, problems), period.from());
    }

    private static Totals totals(ResultSet rs) throws SQLException {
        long recipients = rs.getLong("recipients");
        return new Totals(rs.getLong("messages"), rs.getLong("bytes"), recipients, rs.getLong("delivered"),
                rs.getLong("deferred_once"), rs.getLong("bounced"), rs.getLong("expired"),
                rs.getLong("still_queued"), rs.getLong("deleted"), rs.getLong("other"), rs.getLong("rejects"),
                rs.getLong("reject_warnings"), rs.getLong("ndrs"), pct(rs.getLong("delivered"), recipients),
                pct(rs.getLong("deferred_once"), recipients), pct(rs.getLong("bounced"), recipients),
                pct(rs.getLong("expired"), recipients));
    }

    private static DomainRate domainRate(ResultSet rs) throws SQLException {
        return new DomainRate(rs.getString("domain"), rs.getString("provider"), rs.getLong("recipients"),
                rs.getLong("delivered"), rs.getLong("deferred_once"), rs.getLong("bounced"), rs.getLong("expired"),
                rs.getLong("still_queued"), SqlQueries.nullableDouble(rs, "delivered_pct"),
                SqlQueries.nullableDouble(rs, "deferred_pct"), SqlQueries.nullableDouble(rs, "bounced_pct"),
                SqlQueries.nullableDouble(rs, "expired_pct"));
    }

    private static DsnCount dsnCount(ResultSet rs) throws SQLException {
        return new DsnCount(rs.getString("domain"), rs.getString("status"), rs.getString("dsn"),
                rs.getLong("attempts"), rs.getString("sample_reply"), rs.getString("meaning"),
                rs.getString("advice"));
    }

    /** Same rounding as the SQL pct macro: one decimal, half up. */
    static Double pct(long part, long whole) {
        return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
    }
}
