package io.postfixinsights.analyse;

import java.time.Duration;
import java.util.List;

/**
 * When failures at one provider form a cluster (see failure_clusters.sql). The defaults aim at the signal that
 * matters to a postmaster: one receiver pushing back on our mail within hours, while single bad addresses spread
 * over many domains (churn) stay quiet. Failures are counted per recipient of a message in a window (a recipient
 * retried ten times is one failure), so the thresholds do not depend on the retry schedule of our queue.
 *
 * @param window detection window. Default 2 h: provider throttling and blocks show up over hours, so a much shorter
 *     window holds too few recipients to tell a rate from chance; a longer one dilutes a spike into a day's traffic.
 *     Windows hop by half their length; runs of flagged windows merge into one episode, so an episode of any length
 *     is found once, with its real first and last failure.
 * @param baselineDays days before the period whose failure rate is the provider's normal. Default 7: one week
 *     holds a weekday/weekend cycle and is short enough to follow a lasting change.
 * @param minFailures failed recipients an episode needs at the least. Default 10: fewer can be read one by one in
 *     the failed-recipients list, and churn (a dead mailbox here, a full one there) rarely puts ten at one provider
 *     within hours; a small server's real problem (27 authentication bounces at Gmail in an afternoon) is above it
 * @param minVolumePct failed recipients an episode needs as a percentage of the recipients of all providers
 *     attempted during it. Default 1 %: makes the minimum grow with the server's volume, so a busy server is not
 *     told about every small domain whose MX was down for an hour, while a provider that takes a fair share of its
 *     mail and refuses most of it is still far above it. On a small server minFailures is the larger.
 * @param minSharePct percentage of the provider's recipients in a window, and in the whole episode, that failed.
 *     Default 20 %: below a fifth most mail still gets through and the provider is not pushing back as a whole.
 * @param baselineFactor how many times the provider's own baseline rate the window must reach. Default 3: a
 *     provider that always defers some mail (greylisting) is not flagged every day.
 * @param minRisePct percentage points the window must exceed the baseline by. Default 10: with a tiny baseline
 *     (0.1 %) the factor alone would flag noise.
 * @param othersFactor how many times the failure rate of all other providers in the same window the provider's
 *     rate must reach. Default 3: failures everywhere at once point at our side (network, DNS, our IP listed
 *     everywhere), which is shown as such and not blamed on one provider.
 * @param classMajorityPct share of a cluster's failed recipients that must carry a class's signal for that class.
 *     Default 50 %: the class names what most of the failures say.
 * @param hygieneDistinctPct for list-hygiene, share of distinct addresses among the unknown-user failures. Default
 *     80 %: many different unknown users mean a stale list; one address mailed many times does not.
 * @param authReplyClasses, policyReplyClasses, throttlingReplyClasses, hygieneReplyClasses reply classes from
 *     ref_reply_rules that count as that signal, in addition to the DSN (x.7.20-26, 5.7.x, 4.7.x, 5.1.1)
 */
public record ClusterSettings(
        Duration window,
        int baselineDays,
        int minFailures,
        double minVolumePct,
        double minSharePct,
        double baselineFactor,
        double minRisePct,
        double othersFactor,
        double classMajorityPct,
        double hygieneDistinctPct,
        List<String> authReplyClasses,
        List<String> policyReplyClasses,
        List<String> throttlingReplyClasses,
        List<String> hygieneReplyClasses) {

    public ClusterSettings {
        if (window.toSeconds() < 60) {
            throw new IllegalArgumentException("cluster window must be at least a minute: " + window);
        }
    }

    public static ClusterSettings defaults() {
        return new ClusterSettings(
                Duration.ofHours(2),
                7,
                10,
                1.0,
                20.0,
                3.0,
                10.0,
                3.0,
                50.0,
                80.0,
                List.of("authentication"),
                List.of("policy", "reputation", "content"),
                List.of("rate-limited"),
                List.of("unknown-mailbox"));
    }

    /** The window in whole seconds, made even so it hops by exactly half. */
    long windowSeconds() {
        return window.toSeconds() / 2 * 2;
    }
}
