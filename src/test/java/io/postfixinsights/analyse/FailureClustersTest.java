package io.postfixinsights.analyse;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.analyse.Analysis.Cluster;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Clusters on hand-built traffic, period 4 March 2024 UTC, default settings (2 h windows hopping by 1 h from
 * 00:00, 7 baseline days, 20 % share, 3x baseline, +10 points, 3x the other providers per window; an episode needs
 * at least 10 failed recipients and 1 % of all recipients attempted during it). Failures and shares of the tests
 * are counted per message recipient; the asserted failures and attempts are attempts (as reported).
 */
class FailureClustersTest {
    static final ReportPeriod DAY = new ReportPeriod(
            Instant.parse("2024-03-04T00:00:00Z"), Instant.parse("2024-03-05T00:00:00Z"), ZoneOffset.UTC);
    static final String OUTLOOK_MX = "outlook-com.olc.protection.outlook.com";

    @TempDir
    Path dir;

    TestDb db;

    @BeforeEach
    void background() throws Exception {
        db = TestDb.create(dir);
        // Baseline week before the period: outlook.com 98 sent + 2 deferred (2 %), gmail.com 100 sent.
        db.traffic(98, "outlook.com", OUTLOOK_MX, "2024-02-26 00:00:00", 5000, "sent", "2.0.0", "250 ok", true);
        db.traffic(
                2, "outlook.com", OUTLOOK_MX, "2024-02-27 00:00:00", 600, "deferred", "4.4.2", "lost connection", true);
        db.traffic(
                100,
                "gmail.com",
                "gmail-smtp-in.l.google.com",
                "2024-02-26 00:00:00",
                5000,
                "sent",
                "2.0.0",
                "250 ok",
                true);
        // The period: steady gmail.com traffic all day, 2 of it deferred; outlook.com mail in the evening only.
        db.traffic(
                240,
                "gmail.com",
                "gmail-smtp-in.l.google.com",
                "2024-03-04 00:00:00",
                360,
                "sent",
                "2.0.0",
                "250 ok",
                true);
        db.traffic(
                2,
                "gmail.com",
                "gmail-smtp-in.l.google.com",
                "2024-03-04 14:00:00",
                60,
                "deferred",
                "4.2.1",
                "busy",
                true);
        db.traffic(30, "outlook.com", OUTLOOK_MX, "2024-03-04 18:00:00", 120, "sent", "2.0.0", "250 ok", true);
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    List<Cluster> clusters() {
        return new Analyser(AnalysisSettings.defaults(), java.time.Clock.systemUTC())
                .analyse(db.connection(), DAY)
                .clusters();
    }

    @Test
    void should_find_and_classify_a_concentrated_throttling_spike() throws Exception {
        // 40 deferrals to outlook.com between 10:00 and 10:58:30, with 10 sent in the same hour.
        db.traffic(
                40,
                "outlook.com",
                OUTLOOK_MX,
                "2024-03-04 10:00:00",
                90,
                "deferred",
                "4.7.650",
                "451 4.7.650 The mail server has been temporarily rate limited",
                true);
        db.traffic(10, "outlook.com", OUTLOOK_MX, "2024-03-04 10:05:00", 300, "sent", "2.0.0", "250 ok", true);

        List<Cluster> clusters = clusters();

        assertThat(clusters).hasSize(1);
        Cluster c = clusters.get(0);
        assertThat(c.provider()).isEqualTo("Microsoft");
        assertThat(c.clusterClass()).isEqualTo("throttling");
        assertThat(c.label()).isEqualTo("Throttling");
        assertThat(c.advice()).isEqualTo("Reduce the sending rate");
        // windows [09:00, 11:00) and [10:00, 12:00) are flagged and merge; no other outlook.com mail in them
        assertThat(c.windowStart()).isEqualTo(Instant.parse("2024-03-04T09:00:00Z"));
        assertThat(c.windowEnd()).isEqualTo(Instant.parse("2024-03-04T12:00:00Z"));
        assertThat(c.firstFailure()).isEqualTo(Instant.parse("2024-03-04T10:00:00Z"));
        assertThat(c.lastFailure()).isEqualTo(Instant.parse("2024-03-04T10:58:30Z"));
        assertThat(c.failures()).isEqualTo(40);
        assertThat(c.attempts()).isEqualTo(50);
        assertThat(c.sharePct()).isEqualTo(80.0);
        assertThat(c.baselinePct()).isEqualTo(2.0);
        assertThat(c.distinctRecipients()).isEqualTo(40);
        assertThat(c.domains()).isEqualTo("outlook.com");
        // the recipient address in each reply is normalised away, so the 40 replies are one
        assertThat(c.topReplies()).singleElement().satisfies(r -> {
            assertThat(r.reply()).isEqualTo("451 4.7.650 The mail server has been temporarily rate limited <…>");
            assertThat(r.dsn()).isEqualTo("4.7.650");
            assertThat(r.count()).isEqualTo(40);
        });
    }

    @Test
    void should_not_call_the_same_failures_scattered_over_many_domains_a_cluster() throws Exception {
        // The same 40 deferrals in the same hour, each to another domain (one failure per destination).
        for (int d = 0; d < 40; d++) {
            db.traffic(
                    1,
                    "shop" + d + ".example",
                    "mx.shop" + d + ".example",
                    "2024-03-04 10:" + String.format("%02d", d) + ":00",
                    1,
                    "deferred",
                    "4.7.650",
                    "451 4.7.650 rate limited",
                    true);
            db.traffic(
                    1,
                    "shop" + d + ".example",
                    "mx.shop" + d + ".example",
                    "2024-03-04 10:" + String.format("%02d", d) + ":30",
                    1,
                    "sent",
                    "2.0.0",
                    "250 ok",
                    true);
        }

        assertThat(clusters()).isEmpty();
    }

    @Test
    void should_not_blame_one_provider_when_every_destination_fails_at_once() throws Exception {
        // Our side is down 10:00-11:00: outlook.com 40/50 fail, but gmail.com fails just as much (40/50).
        db.traffic(
                40,
                "outlook.com",
                OUTLOOK_MX,
                "2024-03-04 10:00:00",
                90,
                "deferred",
                "4.4.1",
                "connect timed out",
                true);
        db.traffic(10, "outlook.com", OUTLOOK_MX, "2024-03-04 10:05:00", 300, "sent", "2.0.0", "250 ok", true);
        db.traffic(
                40,
                "gmail.com",
                "gmail-smtp-in.l.google.com",
                "2024-03-04 10:00:00",
                90,
                "deferred",
                "4.4.1",
                "connect timed out",
                true);

        assertThat(clusters()).isEmpty();
    }

    @Test
    void should_not_flag_a_provider_that_always_fails_this_much() throws Exception {
        // greylist.example defers a third of its mail every day: 60 of 180 in the baseline week, 30 of 90 today.
        db.traffic(
                120, "greylist.example", "mx.greylist.example", "2024-02-27 00:00:00", 60, "sent", "2.0.0", "ok", true);
        db.traffic(
                60,
                "greylist.example",
                "mx.greylist.example",
                "2024-02-27 00:00:30",
                120,
                "deferred",
                "4.7.1",
                "greylisted, try again later",
                true);
        db.traffic(
                60, "greylist.example", "mx.greylist.example", "2024-03-04 10:00:00", 60, "sent", "2.0.0", "ok", true);
        db.traffic(
                30,
                "greylist.example",
                "mx.greylist.example",
                "2024-03-04 10:00:30",
                120,
                "deferred",
                "4.7.1",
                "greylisted, try again later",
                true);

        assertThat(clusters()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bounced  | 5.7.1  | 554 5.7.1 Service unavailable; client host blocked using Spamhaus | policy         | true",
                "bounced  | 5.7.26 | 550 5.7.26 This mail is unauthenticated                         | authentication | true",
                "bounced  | 5.7.1  | 550 5.7.1 DMARC policy of the sender domain says reject          | authentication | true",
                "bounced  | 5.1.1  | 550 5.1.1 The email account does not exist                      | list-hygiene   | true",
                "bounced  | 5.1.1  | 550 5.1.1 The email account does not exist                      | unclassified   | false",
                "deferred | 4.4.2  | 421 4.4.2 lost connection                                       | unclassified   | true"
            })
    void should_classify_a_cluster_by_its_codes_and_replies(
            String status, String dsn, String reply, String expectedClass, boolean distinctRecipients)
            throws Exception {
        db.traffic(30, "outlook.com", OUTLOOK_MX, "2024-03-04 10:00:00", 60, status, dsn, reply, distinctRecipients);

        assertThat(clusters()).singleElement().satisfies(c -> {
            assertThat(c.clusterClass()).isEqualTo(expectedClass);
            assertThat(c.failures()).isEqualTo(30);
        });
    }

    @Test
    void should_honour_a_configured_window() throws Exception {
        db.traffic(
                40, "outlook.com", OUTLOOK_MX, "2024-03-04 10:00:00", 90, "deferred", "4.7.650", "rate limited", true);
        ClusterSettings d = ClusterSettings.defaults();
        ClusterSettings sixHours = new ClusterSettings(
                Duration.ofHours(6),
                d.baselineDays(),
                d.minFailures(),
                d.minVolumePct(),
                d.minSharePct(),
                d.baselineFactor(),
                d.minRisePct(),
                d.othersFactor(),
                d.classMajorityPct(),
                d.hygieneDistinctPct(),
                d.authReplyClasses(),
                d.policyReplyClasses(),
                d.throttlingReplyClasses(),
                d.hygieneReplyClasses());

        List<Cluster> clusters = new Analyser(
                        AnalysisSettings.defaults().withClusters(sixHours), java.time.Clock.systemUTC())
                .analyse(db.connection(), DAY)
                .clusters();

        // 6 h windows hop by 3 h: [06:00, 12:00) and [09:00, 15:00) hold the spike and merge into [06:00, 15:00)
        assertThat(clusters).singleElement().satisfies(c -> {
            assertThat(c.windowStart()).isEqualTo(Instant.parse("2024-03-04T06:00:00Z"));
            assertThat(c.windowEnd()).isEqualTo(Instant.parse("2024-03-04T15:00:00Z"));
        });
    }

    @Test
    void should_find_a_multi_hour_episode_as_one_cluster_from_its_first_to_its_last_failure() throws Exception {
        // 27 authentication bounces at yahoo.com, one every 11 minutes from 10:00 to 14:46 (26 * 11 min = 4 h 46),
        // while one yahoo.com message every 30 minutes all day is delivered. No 2 h window holds more than 11 of
        // them; the six overlapping flagged windows make one episode that holds all 27.
        db.traffic(
                48, "yahoo.com", "mta5.am0.yahoodns.net", "2024-03-04 00:00:00", 1800, "sent", "2.0.0", "250 ok", true);
        db.traffic(
                27,
                "yahoo.com",
                "mta5.am0.yahoodns.net",
                "2024-03-04 10:00:00",
                660,
                "bounced",
                "5.7.26",
                "550 5.7.26 This mail is unauthenticated",
                true);

        assertThat(clusters()).singleElement().satisfies(c -> {
            assertThat(c.provider()).isEqualTo("Yahoo");
            assertThat(c.clusterClass()).isEqualTo("authentication");
            assertThat(c.firstFailure()).isEqualTo(Instant.parse("2024-03-04T10:00:00Z"));
            assertThat(c.lastFailure()).isEqualTo(Instant.parse("2024-03-04T14:46:00Z"));
            // flagged windows: [09:00, 11:00) has 6 bounces and 4 sent; [14:00, 16:00) 5 bounces and 4 sent (and
            // gmail.com's 2 deferrals of 22 there are far below); [08:00, 10:00) and [15:00, 17:00) have none
            assertThat(c.windowStart()).isEqualTo(Instant.parse("2024-03-04T09:00:00Z"));
            assertThat(c.windowEnd()).isEqualTo(Instant.parse("2024-03-04T16:00:00Z"));
            // between 10:00 and 14:46: the 27 bounces and the 10 deliveries 10:00, 10:30, ..., 14:30
            assertThat(c.failures()).isEqualTo(27);
            assertThat(c.attempts()).isEqualTo(37);
            assertThat(c.sharePct()).isEqualTo(73.0);
            assertThat(c.distinctRecipients()).isEqualTo(27);
            assertThat(c.baselinePct()).isNull();
        });
    }

    @Test
    void should_not_flag_a_busy_provider_with_a_low_constant_failure_rate() throws Exception {
        // bigisp.example defers 1 in 10 of its mail, before the period and during it: 120 deferrals today, far more
        // than the minimum count, but never a fifth of its mail in any window.
        db.traffic(900, "bigisp.example", "mx.bigisp.example", "2024-02-27 00:00:00", 96, "sent", "2.0.0", "ok", true);
        db.traffic(
                100,
                "bigisp.example",
                "mx.bigisp.example",
                "2024-02-27 00:00:30",
                864,
                "deferred",
                "4.3.0",
                "451 4.3.0 temporary failure",
                true);
        db.traffic(1080, "bigisp.example", "mx.bigisp.example", "2024-03-04 00:00:00", 80, "sent", "2.0.0", "ok", true);
        db.traffic(
                120,
                "bigisp.example",
                "mx.bigisp.example",
                "2024-03-04 00:00:30",
                720,
                "deferred",
                "4.3.0",
                "451 4.3.0 temporary failure",
                true);

        assertThat(clusters()).isEmpty();
    }

    @Test
    void should_not_call_unknown_users_spread_over_many_domains_a_cluster() throws Exception {
        // 60 user-unknown bounces between 10:00 and 11:58, each at another domain that gets 3 other messages through
        for (int d = 0; d < 60; d++) {
            String domain = "club" + d + ".example";
            String at = String.format("2024-03-04 %02d:%02d:00", 10 + d * 2 / 60, d * 2 % 60);
            db.traffic(
                    1,
                    domain,
                    "mail." + domain,
                    at,
                    1,
                    "bounced",
                    "5.1.1",
                    "550 5.1.1 <x@" + domain + ">: Recipient address rejected: User unknown",
                    true);
            db.traffic(3, domain, "mail." + domain, at, 10, "sent", "2.0.0", "250 ok", true);
        }

        assertThat(clusters()).isEmpty();
    }

    @Test
    void should_count_a_recipient_retried_many_times_as_one_failure() throws Exception {
        // One message to yahoo.com deferred 40 times, every 5 minutes from 10:00: 40 failed attempts, but one
        // failed recipient, which is a stuck message and not a provider pushing back.
        db.retried(
                40,
                "someone@yahoo.com",
                "mta5.am0.yahoodns.net",
                "2024-03-04 10:00:00",
                300,
                "deferred",
                "4.7.0",
                "421 4.7.0 [TSS04] Messages temporarily deferred");

        assertThat(clusters()).isEmpty();
    }

    @ParameterizedTest(name = "{0} deliveries elsewhere -> cluster: {1}")
    @CsvSource({"0, true", "2000, false"})
    void should_need_more_failures_for_a_cluster_on_a_busier_server(int busyTraffic, boolean expectCluster)
            throws Exception {
        // 15 recipients at small.example bounced every 2 minutes from 10:00 to 10:28, none delivered.
        db.traffic(
                15,
                "small.example",
                "mx.small.example",
                "2024-03-04 10:00:00",
                120,
                "bounced",
                "5.4.1",
                "550 5.4.1 Recipient address rejected: Access denied",
                true);
        // The busy server also delivers one gmail.com message per second from 10:00 (10:00:00 .. 10:33:19): between
        // 10:00 and 10:28 that is 1681 of them, plus 5 of the background and the 15 bounces, so the 1 % minimum is
        // 17.01 failed recipients; without them 15 of 20 recipients attempted then is well above 1 %.
        db.traffic(
                busyTraffic,
                "gmail.com",
                "gmail-smtp-in.l.google.com",
                "2024-03-04 10:00:00",
                1,
                "sent",
                "2.0.0",
                "250 ok",
                true);

        assertThat(clusters()).hasSize(expectCluster ? 1 : 0);
    }
}
