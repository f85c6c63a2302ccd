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
 */
public record AnalysisSettings(
        int maxDomains,
        int dsnCodesPerDomain,
        double warnBouncedPct,
        double warnUnrecognisedPct,
        ClusterSettings clusters) {

    public static AnalysisSettings defaults() {
        return new AnalysisSettings(500, 5, 2.0, 1.0, ClusterSettings.defaults());
    }

    public AnalysisSettings withClusters(ClusterSettings c) {
        return new AnalysisSettings(maxDomains, dsnCodesPerDomain, warnBouncedPct, warnUnrecognisedPct, c);
    }
}
