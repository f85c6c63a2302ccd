package io.postfixinsights.sample;

import java.util.List;
import java.util.SortedMap;

/**
 * What {@link SampleLogGenerator} planned and wrote, computed from its plan while writing (never by reading the log
 * files back). Serialised as {@code truth.json} next to the logs. Every count is of lines that really made it into a
 * file: events planned after the end of the period are not counted (their recipients are "still queued").
 *
 * <p>Definitions:
 * <ul>
 * <li><b>user message</b>: an original message entering the queue from outside, counted on its
 * {@code client=} line (smtpd/submission, not {@code client=localhost[127.0.0.1]}) or its {@code postfix/pickup} line.
 * Content-filter re-injections and bounce notifications (NDRs) are not user messages.</li>
 * <li><b>recipients</b> ({@link Outcomes}): final outcome of each recipient of a user message, by the original queue
 * ID. For inbound mail the original's final step is the hand-over to the content filter
 * ({@code relay=127.0.0.1[127.0.0.1]:10024 ... status=sent}), so inbound recipients count as sent there; the
 * re-injected copy's own delivery is in {@link Counts#statusLines()} only. {@code expired} = recipients returned by
 * {@code status=expired, returned to sender}; {@code deferredStillQueued} = recipients whose last written line is a
 * {@code status=deferred} (the message is still in the queue at the end of the newest file).</li>
 * <li><b>per day</b>: keyed by the local date (in the log's zone) of the line that records the event; a still-queued
 * recipient counts on the day of its last deferral.</li>
 * <li>{@link Counts#statusLines()}: number of lines with {@code status=sent|deferred|bounced|expired} for every queue
 * ID (user messages, re-injected copies, NDRs): equals a plain {@code grep -c "status=..."} over the files.</li>
 * <li>{@link Counts#deferralAttempts()}: {@code status=deferred} lines; {@link Counts#ndrsSent()}: {@code sender
 * non-delivery notification} lines; {@link Counts#rejects()}: {@code NOQUEUE: reject:} lines, by kind (rbl,
 * relay_denied, unknown_user, bad_helo, sender_domain); {@link Counts#reinjected()}: messages re-injected by the
 * content filter ({@code client=localhost[127.0.0.1]}); {@link Counts#removedLines()}: qmgr {@code removed} lines.</li>
 * <li><b>per destination domain</b>: outcomes and deferral attempts of user-message recipients by recipient
 * domain (inbound mail is under our own domain).</li>
 * <li><b>clusters</b>: the seeded situations, each with the planned window, the class (throttling, policy,
 * authentication, list-hygiene), the DSN and the number of failure lines written inside the window (deferrals for
 * throttling, bounces otherwise).</li>
 * <li><b>churn</b>: the scattered background failures that must not look like a cluster: user-unknown bounces and
 * connection-timeout (4.4.1) deferrals outside any cluster, how many distinct domains they hit and the most any one
 * domain got on one day.</li>
 * <li><b>files</b>: per file of the rotation set (newest last): name, lines, first and last timestamp as written.</li>
 * </ul>
 */
public record Truth(
        String generator,
        Parameters parameters,
        Period period,
        Counts total,
        SortedMap<String, Counts> perDay,
        SortedMap<String, DomainCounts> perDestinationDomain,
        List<Cluster> clusters,
        Churn churn,
        long queueIdReuses,
        List<FileInfo> files) {

    /** The settings the run used (enough to regenerate it). */
    public record Parameters(
            long seed,
            String startDate,
            int days,
            int messagesPerDay,
            String rotation,
            String timestampFormat,
            String zone,
            List<String> hosts) {}

    /** Timestamps of the first and last line written, exactly as they appear in the files. */
    public record Period(String firstLine, String lastLine) {}

    /** Counts for the whole run or one day. */
    public record Counts(
            long userMessages,
            Outcomes recipients,
            StatusLines statusLines,
            long deferralAttempts,
            long ndrsSent,
            long rejects,
            SortedMap<String, Long> rejectsByKind,
            long reinjected,
            long removedLines) {}

    /** Final outcome of user-message recipients. */
    public record Outcomes(long sent, long bounced, long expired, long deferredStillQueued) {}

    /** Lines carrying a {@code status=} of each kind, for every queue ID. */
    public record StatusLines(long sent, long deferred, long bounced, long expired) {}

    /** User-message recipient outcomes and deferral attempts for one destination domain. */
    public record DomainCounts(
            long sent, long bounced, long expired, long deferredStillQueued, long deferralAttempts) {}

    /** One seeded situation. {@code count} = failure lines written inside the window. */
    public record Cluster(
            String name,
            String domain,
            String provider,
            String windowStart,
            String windowEnd,
            String clusterClass,
            String dsn,
            long count) {}

    /** Scattered background failures (no cluster). */
    public record Churn(long userUnknownBounces, long timeoutDeferrals, int distinctDomains, long maxPerDomainPerDay) {}

    /** One file of the rotation set. */
    public record FileInfo(String name, long lines, String firstLine, String lastLine) {}
}
