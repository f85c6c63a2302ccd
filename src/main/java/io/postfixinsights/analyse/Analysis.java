package io.postfixinsights.analyse;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
        DataQuality dataQuality,
        List<Cluster> clusters,
        ClusterSettings clusterSettings,
        List<ProviderRate> providers,
        List<ProviderRate> providersByDay,
        List<ProviderRate> providersByWeek,
        List<Trend> trends,
        List<DomainDelay> delays,
        List<RejectGroup> rejectsByReason,
        List<RejectGroup> rejectsByStage,
        List<RejectGroup> rejectsByClient,
        List<SenderFailures> topFailingSenders,
        List<DomainRate> topFailingDomains,
        List<QueuedRecipient> stillQueued,
        List<ProviderRate> weeklyHistory,
        List<FailedRecipient> failedRecipients) {

    /**
     * The messages the report gives a trace page: those of {@link #failedRecipients} then of {@link #stillQueued},
     * each once, in that order. Not a record component, so not part of summary.json.
     */
    public Set<Long> failedMessageIds() {
        Set<Long> ids = new LinkedHashSet<>();
        failedRecipients.forEach(f -> ids.add(f.msgId()));
        stillQueued.forEach(q -> ids.add(q.msgId()));
        return ids;
    }

    /** Outcomes of one provider in one bucket: 'period', a day (2024-03-04) or an ISO week (2024-W10). */
    public record ProviderRate(
            String bucket,
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

    /**
     * A provider's last 7 days against the weekly average of the weeks before; "bounced" here is bounced + expired.
     * A value is null when the span had no mail; flags name what changed significantly (volume, delivered-fell,
     * deferred-rose, bounced-rose).
     */
    public record Trend(
            String provider,
            long recipients,
            Double recipientsBefore,
            Double deliveredPct,
            Double deliveredPctBefore,
            Double deferredPct,
            Double deferredPctBefore,
            Double bouncedPct,
            Double bouncedPctBefore,
            List<String> flags) {}

    /** Delivery delays in seconds at one domain; the averages split delay= as delays=a/b/c/d. */
    public record DomainDelay(
            String domain,
            long deliveries,
            Double p50,
            Double p95,
            Double p99,
            Double max,
            Double avgBeforeQmgr,
            Double avgInQmgr,
            Double avgConnect,
            Double avgTransmit) {}

    /** Rejects grouped by reason class, by kind and stage, or by client; label and advice only for reason classes. */
    public record RejectGroup(String key, String label, String advice, long rejects, String sampleReason) {}

    public record SenderFailures(
            String sender, long recipients, long deferredAtLeastOnce, long bounced, long expired) {}

    public record QueuedRecipient(
            String host,
            String queueId,
            String sender,
            String recipient,
            String domain,
            Instant arrivedAt,
            Instant lastDeferralAt,
            long deferrals,
            String dsn,
            String reply,
            long msgId) {}

    /**
     * A user-mail recipient that failed in the period: bounced, expired, or still deferred in a queued message.
     *
     * @param msgId the message, for its trace page
     * @param status bounced, expired or deferred (still queued)
     * @param finalAt when the outcome (for deferred: the latest deferral) was logged
     */
    public record FailedRecipient(
            long msgId, String recipient, String domain, String status, Instant finalAt, String dsn, String reply) {}

    /**
     * Failures concentrated at one provider in an episode, well above its own baseline and the other destinations.
     * The episode runs from the first to the last failure; the counts are over it.
     *
     * @param windowStart start of the merged flagged windows
     * @param windowEnd end of the merged flagged windows
     * @param failures failed attempts (retries included) in the episode
     * @param attempts attempts in the episode
     * @param distinctRecipients distinct recipient addresses among the failures
     * @param sharePct failures as % of attempts
     * @param baselinePct the provider's failure rate over the baseline days, null without history
     * @param domains recipient domains of the failures, comma-separated
     * @param clusterClass throttling, policy, authentication, list-hygiene or unclassified
     * @param label label from ref_cluster_classes, null if the class has none
     * @param advice advice from ref_cluster_classes, null if the class has none
     */
    public record Cluster(
            String provider,
            Instant windowStart,
            Instant windowEnd,
            Instant firstFailure,
            Instant lastFailure,
            long failures,
            long attempts,
            long distinctRecipients,
            Double sharePct,
            Double baselinePct,
            String domains,
            String clusterClass,
            String label,
            String advice,
            List<ReplyCount> topReplies) {}

    /** A remote reply (addresses and long tokens replaced by …) with its DSN and how often it came. */
    public record ReplyCount(String reply, String dsn, long count) {}

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
            String domain,
            String status,
            String dsn,
            long attempts,
            String sampleReply,
            String meaning,
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
