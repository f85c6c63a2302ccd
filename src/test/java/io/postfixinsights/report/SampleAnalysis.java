package io.postfixinsights.report;

import io.postfixinsights.analyse.Analysis;
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
import io.postfixinsights.analyse.ClusterSettings;
import io.postfixinsights.analyse.ReportPeriod;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** A hand-made analysis with distinctive numbers and hostile text where log lines reach the report. */
final class SampleAnalysis {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "<img src=x onerror=alert(1)>";

    private SampleAnalysis() {}

    /** The sample with another verdict and cluster list. */
    static Analysis with(Verdict verdict, List<Cluster> clusters) {
        Analysis a = create();
        return new Analysis(
                a.period(),
                a.generatedAt(),
                verdict,
                a.totals(),
                a.domains(),
                a.dsnCodes(),
                a.ndrs(),
                a.dataQuality(),
                clusters,
                a.clusterSettings(),
                a.providers(),
                a.providersByDay(),
                a.providersByWeek(),
                a.trends(),
                a.delays(),
                a.rejectsByReason(),
                a.rejectsByStage(),
                a.rejectsByClient(),
                a.topFailingSenders(),
                a.topFailingDomains(),
                a.stillQueued(),
                a.weeklyHistory(),
                a.failedRecipients());
    }

    static Analysis create() {
        ReportPeriod period = new ReportPeriod(
                Instant.parse("2024-03-03T23:00:00Z"),
                Instant.parse("2024-03-04T23:00:00Z"),
                ZoneId.of("Europe/Berlin"));
        Totals totals = new Totals(4321, 987654, 5000, 4700, 250, 180, 20, 100, 0, 0, 77, 5, 180, 94.0, 5.0, 3.6, 0.4);
        List<DomainRate> domains = List.of(
                new DomainRate("gmail.com", "Google", 3000, 2950, 40, 30, 0, 20, 98.3, 1.3, 1.0, 0.0),
                new DomainRate("example.org", "example.org", 1990, 1740, 210, 150, 20, 80, 87.4, 10.6, 7.5, 1.0),
                // a recipient domain is text from a log line too
                new DomainRate("../evil\"" + SCRIPT, "x", 10, 10, 0, 0, 0, 0, 100.0, 0.0, 0.0, 0.0));
        List<DsnCount> codes = List.of(
                new DsnCount(
                        "example.org",
                        "bounced",
                        "5.1.1",
                        150,
                        "550 5.1.1 " + SCRIPT,
                        "Bad destination mailbox address",
                        "Remove the address"),
                new DsnCount("gmail.com", "deferred", "4.7.0", 40, "421 4.7.0 " + IMG, null, null));
        DataQuality dq = new DataQuality(
                1,
                0,
                3,
                0,
                120000,
                90000,
                25000,
                4000,
                1000,
                List.of(new LineKind(
                        "unrecognised", "unknown-smtpd", 1000, "Mar  4 smtpd[1]: " + IMG, "mail.log", 12L)),
                List.of(new Problem("truncated-file", Instant.parse("2024-03-04T22:00:00Z"), "/var/log/" + SCRIPT, 2)));
        return new Analysis(
                period,
                Instant.parse("2024-03-05T02:05:00Z"),
                new Verdict(false, List.of("3.6 % bounced " + SCRIPT)),
                totals,
                domains,
                codes,
                new Ndrs(180, 12, 0, 170, 10),
                dq,
                List.of(new Cluster(
                        "Microsoft",
                        Instant.parse("2024-03-04T09:00:00Z"),
                        Instant.parse("2024-03-04T12:00:00Z"),
                        Instant.parse("2024-03-04T10:00:00Z"),
                        Instant.parse("2024-03-04T10:59:00Z"),
                        40,
                        50,
                        40,
                        80.0,
                        2.0,
                        "outlook.com",
                        "throttling",
                        "Throttling",
                        "Reduce the sending rate",
                        List.of(new ReplyCount("451 4.7.650 " + SCRIPT, "4.7.650", 40)))),
                ClusterSettings.defaults(),
                List.of(new ProviderRate("period", "Google", 3000, 2950, 40, 30, 0, 20, 98.3, 1.3, 1.0, 0.0)),
                List.of(new ProviderRate("2024-03-04", "Google", 3000, 2950, 40, 30, 0, 20, 98.3, 1.3, 1.0, 0.0)),
                List.of(new ProviderRate("2024-W10", "Google", 3000, 2950, 40, 30, 0, 20, 98.3, 1.3, 1.0, 0.0)),
                List.of(new Trend("Google", 21000, 20000.0, 98.3, 98.5, 1.3, 1.2, 1.0, 0.4, List.of("bounced-rose"))),
                List.of(new DomainDelay("gmail.com", 2950, 1.5, 12.25, 60.0, 3600.0, 0.1, 0.2, 0.3, 0.9)),
                List.of(new RejectGroup(
                        "relay-denied", "Relay access denied", "Normal for an MX", 60, "Relay access denied " + IMG)),
                List.of(new RejectGroup("reject RCPT", null, null, 77, "x")),
                List.of(new RejectGroup("bad.example[203.0.113.9]", null, null, 50, "y")),
                List.of(new SenderFailures("news@our.test", 900, 100, 120, 5)),
                List.of(domains.get(1)),
                List.of(new QueuedRecipient(
                        "mx1",
                        "4Xyz",
                        "carol@our.test",
                        "e@yahoo.com",
                        "yahoo.com",
                        Instant.parse("2024-03-04T09:00:00Z"),
                        Instant.parse("2024-03-04T21:00:00Z"),
                        7,
                        "4.7.0",
                        "421 4.7.0 " + SCRIPT,
                        42)),
                List.of(
                        new ProviderRate("2024-W08", "Google", 20000, 19700, 200, 100, 0, 0, 98.5, 1.0, 0.5, 0.0),
                        new ProviderRate("2024-W09", "Google", 21000, 20600, 250, 400, 0, 0, 98.1, 1.2, 1.9, 0.0),
                        new ProviderRate("2024-W09", "Microsoft", 900, 850, 60, 50, 0, 0, 94.4, 6.7, 5.6, 0.0),
                        new ProviderRate("2024-W10", "Google", 3000, 2950, 40, 30, 0, 20, 98.3, 1.3, 1.0, 0.0)),
                List.of(
                        new FailedRecipient(
                                42,
                                "e@yahoo.com",
                                "yahoo.com",
                                "deferred",
                                Instant.parse("2024-03-04T21:00:00Z"),
                                "4.7.0",
                                "421 4.7.0 " + SCRIPT),
                        new FailedRecipient(
                                7,
                                "x@example.org",
                                "example.org",
                                "bounced",
                                Instant.parse("2024-03-04T20:00:00Z"),
                                "5.1.1",
                                "550 5.1.1 <x@example.org> " + IMG)));
    }
}
