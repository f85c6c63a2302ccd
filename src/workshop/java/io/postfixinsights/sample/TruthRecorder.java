package io.postfixinsights.sample;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Mutable counters behind {@link Truth}; fed by the effects of lines as they are written. */
final class TruthRecorder {

    enum Field {
        USER_MESSAGES,
        SENT,
        BOUNCED,
        EXPIRED,
        STILL_QUEUED,
        LINES_SENT,
        LINES_DEFERRED,
        LINES_BOUNCED,
        LINES_EXPIRED,
        NDRS,
        REJECTS,
        REINJECTED,
        REMOVED
    }

    /** Whose status line it is: only user messages count as recipient outcomes. */
    enum Scope {
        USER,
        REINJECTED,
        NDR
    }

    /** A seeded cluster; its count grows as its failure lines are written. */
    static final class Cluster {
        final String name;
        final String domain;
        final String provider;
        final long startMicros;
        final long endMicros;
        final String clusterClass;
        final String dsn;
        long count;

        Cluster(
                String name,
                String domain,
                String provider,
                long startMicros,
                long endMicros,
                String clusterClass,
                String dsn) {
            this.name = name;
            this.domain = domain;
            this.provider = provider;
            this.startMicros = startMicros;
            this.endMicros = endMicros;
            this.clusterClass = clusterClass;
            this.dsn = dsn;
        }

        boolean covers(long micros) {
            return micros >= startMicros && micros < endMicros;
        }
    }

    private final long[] total = new long[Field.values().length];
    private final SortedMap<LocalDate, long[]> perDay = new TreeMap<>();
    private final SortedMap<String, Long> rejectKinds = new TreeMap<>();
    private final SortedMap<LocalDate, SortedMap<String, Long>> rejectKindsPerDay = new TreeMap<>();
    /** Per domain: sent, bounced, expired, still queued, deferrals. */
    private final SortedMap<String, long[]> domains = new TreeMap<>();

    private final List<Cluster> clusters = new ArrayList<>();
    private final SortedMap<String, Long> churnPerDomainDay = new TreeMap<>();
    private final TreeSet<String> churnDomains = new TreeSet<>();
    private long churnUserUnknown;
    private long churnTimeouts;
    private long queueIdReuses;

    Cluster addCluster(Cluster cluster) {
        clusters.add(cluster);
        return cluster;
    }

    void add(LocalDate day, Field field) {
        total[field.ordinal()]++;
        perDay.computeIfAbsent(day, d -> new long[Field.values().length])[field.ordinal()]++;
    }

    void reject(LocalDate day, String kind) {
        add(day, Field.REJECTS);
        rejectKinds.merge(kind, 1L, Long::sum);
        rejectKindsPerDay.computeIfAbsent(day, d -> new TreeMap<>()).merge(kind, 1L, Long::sum);
    }

    /** A {@code status=} line (or qmgr's {@code status=expired}) was written. */
    void status(LocalDate day, Scope scope, String status, String domain) {
        switch (status) {
            case "sent" -> add(day, Field.LINES_SENT);
            case "deferred" -> add(day, Field.LINES_DEFERRED);
            case "bounced" -> add(day, Field.LINES_BOUNCED);
            case "expired" -> add(day, Field.LINES_EXPIRED);
            default -> throw new IllegalArgumentException(status);
        }
        if (scope != Scope.USER) {
            return;
        }
        long[] d = domains.computeIfAbsent(domain, k -> new long[5]);
        switch (status) {
            case "sent" -> {
                add(day, Field.SENT);
                d[0]++;
            }
            case "bounced" -> {
                add(day, Field.BOUNCED);
                d[1]++;
            }
            case "expired" -> {
                add(day, Field.EXPIRED);
                d[2]++;
            }
            default -> d[4]++;
        }
    }

    void stillQueued(LocalDate lastDeferralDay, String domain) {
        add(lastDeferralDay, Field.STILL_QUEUED);
        domains.computeIfAbsent(domain, k -> new long[5])[3]++;
    }

    void churn(LocalDate day, String domain, boolean userUnknown) {
        if (userUnknown) {
            churnUserUnknown++;
        } else {
            churnTimeouts++;
        }
        churnDomains.add(domain);
        churnPerDomainDay.merge(domain + " " + day, 1L, Long::sum);
    }

    void queueIdReused() {
        queueIdReuses++;
    }

    Truth toTruth(
            Truth.Parameters parameters,
            Truth.Period period,
            List<Truth.FileInfo> files,
            java.util.function.LongFunction<String> timestamp) {
        SortedMap<String, Truth.Counts> days = new TreeMap<>();
        for (Map.Entry<LocalDate, long[]> e : perDay.entrySet()) {
            days.put(
                    e.getKey().toString(),
                    counts(e.getValue(), rejectKindsPerDay.getOrDefault(e.getKey(), new TreeMap<>())));
        }
        SortedMap<String, Truth.DomainCounts> perDomain = new TreeMap<>();
        domains.forEach((domain, d) -> perDomain.put(domain, new Truth.DomainCounts(d[0], d[1], d[2], d[3], d[4])));
        List<Truth.Cluster> seeded = clusters.stream()
                .map(c -> new Truth.Cluster(
                        c.name,
                        c.domain,
                        c.provider,
                        timestamp.apply(c.startMicros),
                        timestamp.apply(c.endMicros),
                        c.clusterClass,
                        c.dsn,
                        c.count))
                .toList();
        long maxPerDomainDay = churnPerDomainDay.values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        return new Truth(
                "postfix-insights SampleLogGenerator 1",
                parameters,
                period,
                counts(total, rejectKinds),
                days,
                perDomain,
                seeded,
                new Truth.Churn(churnUserUnknown, churnTimeouts, churnDomains.size(), maxPerDomainDay),
                queueIdReuses,
                files);
    }

    private static Truth.Counts counts(long[] c, SortedMap<String, Long> kinds) {
        return new Truth.Counts(
                c[Field.USER_MESSAGES.ordinal()],
                new Truth.Outcomes(
                        c[Field.SENT.ordinal()],
                        c[Field.BOUNCED.ordinal()],
                        c[Field.EXPIRED.ordinal()],
                        c[Field.STILL_QUEUED.ordinal()]),
                new Truth.StatusLines(
                        c[Field.LINES_SENT.ordinal()],
                        c[Field.LINES_DEFERRED.ordinal()],
                        c[Field.LINES_BOUNCED.ordinal()],
                        c[Field.LINES_EXPIRED.ordinal()]),
                c[Field.LINES_DEFERRED.ordinal()],
                c[Field.NDRS.ordinal()],
                c[Field.REJECTS.ordinal()],
                new TreeMap<>(kinds),
                c[Field.REINJECTED.ordinal()],
                c[Field.REMOVED.ordinal()]);
    }
}
