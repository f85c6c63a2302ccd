package io.postfixinsights.analyse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.postfixinsights.analyse.Analysis.FailedRecipient;
import io.postfixinsights.analyse.Analysis.ProviderRate;
import io.postfixinsights.analyse.Analysis.QueuedRecipient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report day is Sunday 3 March 2024 (UTC), the last day of ISO week 2024-W09; three history weeks are W07
 * (12-18 Feb), W08 and W09. TestDb.traffic numbers messages from 1,000,000 in call order.
 */
class WeeklyHistoryAndFailedRecipientsTest {
    static final ReportPeriod DAY = new ReportPeriod(
            Instant.parse("2024-03-03T00:00:00Z"), Instant.parse("2024-03-04T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static Analyser analyser(int historyWeeks, int failedLimit) {
        AnalysisSettings d = AnalysisSettings.defaults();
        return new Analyser(
                new AnalysisSettings(
                        d.maxDomains(),
                        d.dsnCodesPerDomain(),
                        d.warnBouncedPct(),
                        d.warnUnrecognisedPct(),
                        d.clusters(),
                        d.topN(),
                        d.stillQueuedLimit(),
                        d.trendWeeks(),
                        d.trendMinRecipients(),
                        d.trendPoints(),
                        d.trendVolumePct(),
                        historyWeeks,
                        failedLimit),
                Clock.systemUTC());
    }

    void weeks(TestDb db) throws Exception {
        db.traffic(
                10,
                "gmail.com",
                "gmail-smtp-in.l.google.com",
                "2024-02-05 10:00:00",
                60,
                "sent",
                "2.0.0",
                "ok",
                true); // W06: before the three weeks
        db.traffic(
                20,
                "gmail.com",
                "gmail-smtp-in.l.google.com",
                "2024-02-13 10:00:00",
                60,
                "sent",
                "2.0.0",
                "ok",
                true); // W07
        db.traffic(
                5,
                "example.net",
                "mx.example.net",
                "2024-02-20 10:00:00",
                60,
                "bounced",
                "5.1.1",
                "unknown",
                true); // W08
        db.traffic(4, "yahoo.com", "mta.yahoo.com", "2024-03-03 10:00:00", 60, "sent", "2.0.0", "ok", true); // W09
        db.traffic(1, "yahoo.com", "mta.yahoo.com", "2024-03-03 12:00:00", 60, "expired", "4.4.1", "timeout", true);
        db.traffic(3, "yahoo.com", "mta.yahoo.com", "2024-03-04 00:00:00", 60, "sent", "2.0.0", "ok", true); // after
    }

    @Test
    void should_count_each_iso_week_per_provider_from_the_whole_history() throws Exception {
        try (TestDb db = TestDb.create(dir)) {
            weeks(db);
            List<ProviderRate> history =
                    analyser(3, 500).analyse(db.connection(), DAY).weeklyHistory();
            assertThat(history)
                    .extracting(
                            ProviderRate::bucket,
                            ProviderRate::provider,
                            ProviderRate::recipients,
                            ProviderRate::delivered,
                            ProviderRate::bounced,
                            ProviderRate::expired,
                            ProviderRate::deliveredPct)
                    .containsExactly(
                            tuple("2024-W07", "Google", 20L, 20L, 0L, 0L, 100.0),
                            tuple("2024-W08", "example.net", 5L, 0L, 5L, 0L, 0.0),
                            tuple("2024-W09", "Yahoo", 5L, 4L, 0L, 1L, 80.0));
        }
    }

    @Test
    void should_add_the_daily_rollups_of_pruned_days() throws Exception {
        try (TestDb db = TestDb.create(dir)) {
            weeks(db);
            db.exec("INSERT INTO daily_rollups VALUES ('2024-02-14', 'mx1', 'recipients', 'gmail.com', 'sent', 7),"
                    + " ('2024-02-15', 'mx1', 'recipients', 'gmail.com', 'bounced', 3),"
                    + " ('2024-02-15', 'mx1', 'messages', NULL, 'done', 10),"
                    + " ('2024-02-01', 'mx1', 'recipients', 'gmail.com', 'sent', 100)");
            List<ProviderRate> history =
                    analyser(3, 500).analyse(db.connection(), DAY).weeklyHistory();
            assertThat(history.get(0))
                    .extracting(
                            ProviderRate::bucket,
                            ProviderRate::provider,
                            ProviderRate::recipients,
                            ProviderRate::delivered,
                            ProviderRate::bounced,
                            ProviderRate::bouncedPct)
                    .containsExactly("2024-W07", "Google", 30L, 27L, 3L, 10.0);
            assertThat(history).hasSize(3);
        }
    }

    @Test
    void should_list_failed_recipients_of_the_period_newest_first_up_to_the_limit() throws Exception {
        try (TestDb db = TestDb.create(dir)) {
            db.traffic(1, "yahoo.com", "mta.yahoo.com", "2024-03-02 23:00:00", 60, "bounced", "5.1.1", "x", true);
            db.traffic(
                    3,
                    "yahoo.com",
                    "mta.yahoo.com",
                    "2024-03-03 08:00:00",
                    3600,
                    "bounced",
                    "5.1.1",
                    "550 no such user",
                    true); // 1000001..1000003 at 08:00, 09:00, 10:00
            db.traffic(
                    1,
                    "gmail.com",
                    "gmail-smtp-in.l.google.com",
                    "2024-03-03 11:00:00",
                    60,
                    "expired",
                    "4.4.1",
                    "timeout",
                    true); // 1000004
            db.traffic(
                    2,
                    "example.net",
                    "mx.example.net",
                    "2024-03-03 12:00:00",
                    3600,
                    "deferred",
                    "4.7.0",
                    "try later",
                    true); // 1000005 (done: abandoned, not queued), 1000006 (13:00, still queued)
            db.traffic(
                    2,
                    "gmail.com",
                    "gmail-smtp-in.l.google.com",
                    "2024-03-03 14:00:00",
                    60,
                    "sent",
                    "2.0.0",
                    "ok",
                    true);
            db.exec("UPDATE messages SET state = 'open' WHERE msg_id = 1000006");

            Analysis a = analyser(12, 500).analyse(db.connection(), DAY);
            assertThat(a.failedRecipients())
                    .extracting(
                            FailedRecipient::msgId,
                            FailedRecipient::recipient,
                            FailedRecipient::status,
                            FailedRecipient::finalAt)
                    .containsExactly(
                            tuple(1000006L, "u1000006@example.net", "deferred", Instant.parse("2024-03-03T13:00:00Z")),
                            tuple(1000004L, "u1000004@gmail.com", "expired", Instant.parse("2024-03-03T11:00:00Z")),
                            tuple(1000003L, "u1000003@yahoo.com", "bounced", Instant.parse("2024-03-03T10:00:00Z")),
                            tuple(1000002L, "u1000002@yahoo.com", "bounced", Instant.parse("2024-03-03T09:00:00Z")),
                            tuple(1000001L, "u1000001@yahoo.com", "bounced", Instant.parse("2024-03-03T08:00:00Z")));
            assertThat(a.failedRecipients().get(2).reply()).isEqualTo("550 no such user");
            assertThat(a.stillQueued()).extracting(QueuedRecipient::msgId).containsExactly(1000006L);

            assertThat(analyser(12, 2).analyse(db.connection(), DAY).failedRecipients())
                    .extracting(FailedRecipient::msgId)
                    .containsExactly(1000006L, 1000004L);
        }
    }
}
