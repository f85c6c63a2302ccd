package io.postfixinsights.analyse;

import java.time.Duration;
import java.util.List;

/**
 * When failures at one provider form a cluster (see failure_clusters.sql). The defaults aim at the signal that
 * matters to a postmaster: one receiver pushing back on our mail within hours, while single bad addresses spread
 * over many domains (churn) stay quiet.
 *
 * @param window window length. Default 2 h: provider throttling and blocks show up over hours, so a shorter
 *     window splits one episode and amplifies the burst of a single queue run; a longer one dilutes a spike into a
 *     day's traffic. Windows hop by half their length, so a spike across a boundary is seen whole once.
 * @param baselineDays days before the period whose failure rate is the provider's normal. Default 7: one week
 *     holds a weekday/weekend cycle and is short enough to follow a lasting change.
 * @param minFailures failures a window needs. Default 20: a small server sees a few failures per provider per hour
 *     as churn; 20 in 2 h is far above that and still far below the hundreds a real block produces.
 * @param minSharePct percentage of the provider's attempts in the window that failed. Default 20 %: below a fifth
 *     most mail still gets through and the provider is not pushing back as a whole.
 * @param baselineFactor how many times the provider's own baseline rate the window must reach. Default 3: a
 *     provider that always defers some mail (greylisting) is not flagged every day.
 * @param minRisePct percentage points the window must exceed the baseline by. Default 10: with a tiny baseline
 *     (0.1 %) the factor alone would flag noise.
 * @param othersFactor how many times the failure rate of all other providers in the same window the provider's
 *     rate must reach. Default 3: failures everywhere at once point at our side (network, DNS, our IP listed
 *     everywhere), which is shown as such and not blamed on one provider.
 * @param classMajorityPct share of a cluster's failures that must carry a class's signal for that class. Default
 *     50 %: the class names what most of the failures say.
 * @param hygieneDistinctPct for list-hygiene, share of distinct recipients among the 5.1.1 failures. Default 80 %:
 *     many different unknown users mean a stale list; one address retried many times does not.
 * @param authReplyClasses, policyReplyClasses, throttlingReplyClasses, hygieneReplyClasses reply classes from
 *     ref_reply_rules that count as that signal, in addition to the DSN (x.7.20-26, 5.7.x, 4.7.x, 5.1.1)
 */
public record ClusterSettings(
        Duration window,
        int baselineDays,
        int minFailures,
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
        return new ClusterSettings(Duration.ofHours(2), 7, 20, 20.0, 3.0, 10.0, 3.0, 50.0, 80.0,
                List.of("authentication"), List.of("policy", "reputation", "content"),
                List.of("rate-limited"), List.of("unknown-mailbox"));
    }

    /** The window in whole seconds, made even so it hops by exactly half. */
    long windowSeconds() {
        return window.toSeconds() / 2 * 2;
    }
}
