package io.postfixinsights.analyse;

/**
 * Limits and thresholds of the analysis.
 *
 * @param maxDomains domains listed (busiest first); each listed domain gets a drill-down page, so this bounds the
 *     number of files a report writes
 * @param dsnCodesPerDomain failure codes listed per domain
 * @param warnBouncedPct the verdict warns when more than this percentage of recipients bounced or expired; 2 %
 *     is a usual ceiling providers tolerate before reputation suffers
 * @param warnUnrecognisedPct the verdict warns when more than this percentage of lines read was unrecognised:
 *     above it the numbers in the report may be missing real events
 * @param clusters when failures at one provider form a cluster
 * @param topN rows in the top lists (delays, rejects, failing senders and domains)
 * @param stillQueuedLimit rows of the still-queued list (oldest first)
 * @param trendWeeks weeks before the last 7 days that make a provider's usual week; 4 smooths one odd week
 * @param trendMinRecipients recipients a provider needs in both spans before a change is flagged; below 50 one
 *     bounce moves a rate by 2 points
 * @param trendPoints percentage points a rate must move to be flagged; 5 is well above day-to-day noise
 * @param trendVolumePct percent the weekly volume must change to be flagged; 50 % means half or one and a half
 * @param historyWeeks ISO weeks of the weekly history chart, up to the week holding the period's end; 12 shows a
 *     quarter, enough to tell a lasting change from a bad week
 * @param failedRecipientLimit failed recipients listed (newest first); each one's message gets a trace page, so
 *     this bounds the number of files a report writes
 */
public record AnalysisSettings(
        int maxDomains,
        int dsnCodesPerDomain,
        double warnBouncedPct,
        double warnUnrecognisedPct,
        ClusterSettings clusters,
        int topN,
        int stillQueuedLimit,
        int trendWeeks,
        int trendMinRecipients,
        double trendPoints,
        double trendVolumePct,
        int historyWeeks,
        int failedRecipientLimit) {

    public static AnalysisSettings defaults() {
        return new AnalysisSettings(500, 5, 2.0, 1.0, ClusterSettings.defaults(), 20, 200, 4, 50, 5.0, 50.0, 12, 500);
    }

    public AnalysisSettings withClusters(ClusterSettings c) {
        return new AnalysisSettings(
                maxDomains,
                dsnCodesPerDomain,
                warnBouncedPct,
                warnUnrecognisedPct,
                c,
                topN,
                stillQueuedLimit,
                trendWeeks,
                trendMinRecipients,
                trendPoints,
                trendVolumePct,
                historyWeeks,
                failedRecipientLimit);
    }
}
