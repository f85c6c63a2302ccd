package io.postfixinsights.analyse;

import java.time.Instant;
import java.util.List;

/**
 * Everything the report shows, as computed by {@link Analyser}. Serialised as is into summary.json (documented
 * field by field in docs/SUMMARY-JSON.md), so renaming a component is a change of that file's format.
 *
 * <p>Percentages are 0..100 with one decimal, null when there was nothing to divide.
 */
public record Analysis(
        ReportPeriod period,
        Instant generatedAt,
        Verdict verdict,
        Totals totals,
        List<DomainRate> domains,
        List<DsnCount> dsnCodes,
        Ndrs ndrs,
        DataQuality dataQuality) {

    /** ok = nothing needs attention; otherwise the reasons, most important first. */
    public record Verdict(boolean ok, List<String> reasons) {}

    public record Totals(
            long messagesReceived,
            long bytesReceived,
            long recipients,
            long delivered,
            long deferredAtLeastOnce,
            long bounced,
            long expired,
            long stillQueued,
            long deleted,
            long otherOutcome,
            long rejects,
            long rejectWarnings,
            long ndrsSent,
            Double deliveredPct,
            Double deferredPct,
            Double bouncedPct,
            Double expiredPct) {}

    public record DomainRate(
            String domain,
            String provider,
            long recipients,
            long delivered,
            long deferredAtLeastOnce,
            long bounced,
            long expired,
            long stillQueued,
            Double deliveredPct,
            Double deferredPct,
            Double bouncedPct,
            Double expiredPct) {}

    /** Failed attempts at one domain with one status and DSN; meaning and advice from ref_dsn_codes, or null. */
    public record DsnCount(
            String domain, String status, String dsn, long attempts, String sampleReply, String meaning,
            String advice) {}

    public record Ndrs(long nonDelivery, long delayNotices, long successNotices, long ndrDelivered, long ndrFailed) {}

    public record DataQuality(
            long runs,
            long failedRuns,
            long files,
            long truncatedFiles,
            long linesRead,
            long linesUsed,
            long linesNoise,
            long linesOther,
            long linesUnrecognised,
            List<LineKind> unusedKinds,
            List<Problem> problems) {}

    /** Lines of one kind we could not use (category unrecognised or error), with the latest sample. */
    public record LineKind(
            String category, String kind, long lines, String sample, String sampleFile, Long sampleLine) {}

    /** A failed run or a truncated file. */
    public record Problem(String what, Instant at, String detail, long runId) {}
}
