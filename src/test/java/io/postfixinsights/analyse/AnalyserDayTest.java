package io.postfixinsights.analyse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.postfixinsights.analyse.Analysis.DomainRate;
import io.postfixinsights.analyse.Analysis.DsnCount;
import io.postfixinsights.analyse.Analysis.Totals;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis of a hand-built day: 4 March 2024 in Europe/Berlin, i.e. [03-03 23:00Z, 03-04 23:00Z).
 * Every expected number is counted by hand from the rows below (see the comment on each row).
 */
class AnalyserDayTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ReportPeriod DAY =
            new ReportPeriod(Instant.parse("2024-03-03T23:00:00Z"), Instant.parse("2024-03-04T23:00:00Z"), BERLIN);

    @TempDir
    Path dir;

    TestDb db;

    @BeforeEach
    void fill() throws Exception {
        db = TestDb.create(dir);
        db.exec(
                "INSERT INTO messages (msg_id, first_at, state, origin, sender, size, probe, parent_msg_id, link_kind,"
                        + " notification_kind) VALUES"
                        // 1: user mail in the period: received
                        + " (1, '2024-03-04 07:00:00+00', 'done', 'smtpd', 'alice@our.test', 1000, false, NULL, NULL, NULL),"
                        // 2: user mail handed to the content filter: received; its hand-off is no delivery
                        + " (2, '2024-03-04 08:00:00+00', 'done', 'smtpd', 'bob@our.test', 2000, false, NULL, NULL, NULL),"
                        // 3: the filter's re-injected copy of 2: not received again; its delivery counts
                        + " (3, '2024-03-04 08:00:05+00', 'done', 'smtpd', 'bob@our.test', 2100, false, 2, 'reinjected', NULL),"
                        // 4: address-verification probe: neither received nor a recipient outcome
                        + " (4, '2024-03-04 09:00:00+00', 'done', 'internal', 'double-bounce@our.test', 300, true, NULL, NULL, NULL),"
                        // 5: the NDR about 1: a notification, not user mail
                        + " (5, '2024-03-04 07:00:20+00', 'done', 'internal', '', 3000, false, 1, 'notification', 'non_delivery'),"
                        // 6: user mail still in the queue: received
                        + " (6, '2024-03-04 09:00:00+00', 'open', 'smtpd', 'carol@our.test', 3000, false, NULL, NULL, NULL),"
                        // 7: arrived the day before, delivered in the period: an outcome, not received
                        + " (7, '2024-03-03 19:00:00+00', 'done', 'smtpd', 'dave@our.test', 500, false, NULL, NULL, NULL),"
                        // 8: refused by a milter: counted as a reject, not received
                        + " (8, '2024-03-04 10:00:00+00', 'rejected', 'smtpd', 'spam@bad.test', 700, false, NULL, NULL, NULL),"
                        // 9: arrived five days before, expired in the period
                        + " (9, '2024-02-28 10:00:00+00', 'done', 'pickup', 'erin@our.test', 800, false, NULL, NULL, NULL),"
                        // 10: the next day: outside the period
                        + " (10, '2024-03-05 11:00:00+00', 'done', 'smtpd', 'frank@our.test', 900, false, NULL, NULL, NULL)",
                "INSERT INTO recipients (msg_id, recipient, domain, status, dsn, relay, reply, final_at, attempts, delay_s,"
                        + " via_filter) VALUES"
                        + " (1, 'a@gmail.com', 'gmail.com', 'sent', '2.0.0', 'gmail-smtp-in.l.google.com[142.250.1.27]:25',"
                        + "  '250 2.0.0 OK', '2024-03-04 07:00:10+00', 1, 10, false),"
                        + " (1, 'b@example.org', 'example.org', 'bounced', '5.1.1', 'mx.example.org[192.0.2.1]:25',"
                        + "  '550 5.1.1 user unknown', '2024-03-04 07:00:10+00', 1, 10, false),"
                        + " (2, 'c@gmail.com', 'gmail.com', 'sent', '2.0.0', '127.0.0.1[127.0.0.1]:10024',"
                        + "  '250 2.0.0 Ok: queued as 3', '2024-03-04 08:00:05+00', 1, 5, true),"
                        + " (3, 'c@gmail.com', 'gmail.com', 'sent', '2.0.0', 'alt1.gmail-smtp-in.l.google.com[142.250.1.26]:25',"
                        + "  '250 2.0.0 OK', '2024-03-04 08:00:09+00', 1, 4, false),"
                        + " (4, 'd@example.org', 'example.org', 'deliverable', '2.1.5', 'mx.example.org[192.0.2.1]:25',"
                        + "  '250 2.1.5 Ok', '2024-03-04 09:00:01+00', 1, 1, false),"
                        + " (5, 'alice@our.test', 'our.test', 'sent', '2.0.0', 'local', 'delivered to mailbox',"
                        + "  '2024-03-04 07:00:21+00', 1, 1, false),"
                        + " (6, 'e@yahoo.com', 'yahoo.com', 'deferred', '4.7.0', 'mta5.am0.yahoodns.net[67.195.204.72]:25',"
                        + "  '421 4.7.0 [TSS04] Messages temporarily deferred', '2024-03-04 09:30:00+00', 2, 1800, false),"
                        + " (7, 'f@example.org', 'example.org', 'sent', '2.0.0', 'mx.example.org[192.0.2.1]:25',"
                        + "  '250 ok', '2024-03-04 00:00:00+00', 2, 18000, false),"
                        + " (9, 'g@example.org', 'example.org', 'expired', '4.4.1', 'none', 'connect timed out',"
                        + "  '2024-03-04 04:00:01+00', 30, 432000, false),"
                        + " (10, 'h@gmail.com', 'gmail.com', 'bounced', '5.1.1', 'gmail-smtp-in.l.google.com[142.250.1.27]:25',"
                        + "  '550 5.1.1 no such user', '2024-03-05 11:00:05+00', 1, 5, false)",
                "INSERT INTO attempts (msg_id, recipient, \"at\", agent, relay_host, dsn, status, reply) VALUES"
                        + " (1, 'a@gmail.com', '2024-03-04 07:00:10+00', 'smtp', 'gmail-smtp-in.l.google.com', '2.0.0', 'sent', '250 OK'),"
                        + " (1, 'b@example.org', '2024-03-04 07:00:10+00', 'smtp', 'mx.example.org', '5.1.1', 'bounced', '550 5.1.1 user unknown'),"
                        + " (2, 'c@gmail.com', '2024-03-04 08:00:05+00', 'smtp', '127.0.0.1', '2.0.0', 'sent', '250 queued as 3'),"
                        + " (3, 'c@gmail.com', '2024-03-04 08:00:09+00', 'smtp', 'alt1.gmail-smtp-in.l.google.com', '2.0.0', 'sent', '250 OK'),"
                        + " (6, 'e@yahoo.com', '2024-03-04 09:00:05+00', 'smtp', 'mta5.am0.yahoodns.net', '4.7.0', 'deferred', '421 4.7.0 deferred'),"
                        + " (6, 'e@yahoo.com', '2024-03-04 09:30:00+00', 'smtp', 'mta5.am0.yahoodns.net', '4.7.0', 'deferred', '421 4.7.0 deferred'),"
                        // f's deferral was the day before the period: f counts as deferred once, its code is not in the
                        // period
                        + " (7, 'f@example.org', '2024-03-03 21:00:00+00', 'smtp', 'mx.example.org', '4.2.0', 'deferred', '450 try later'),"
                        + " (7, 'f@example.org', '2024-03-04 00:00:00+00', 'smtp', 'mx.example.org', '2.0.0', 'sent', '250 ok'),"
                        + " (9, 'g@example.org', '2024-03-04 04:00:00+00', 'smtp', NULL, '4.4.1', 'deferred', 'connect timed out'),"
                        + " (9, 'g@example.org', '2024-03-04 04:00:01+00', 'error', NULL, '4.4.1', 'expired', 'connect timed out'),"
                        + " (10, 'h@gmail.com', '2024-03-05 11:00:05+00', 'smtp', 'gmail-smtp-in.l.google.com', '5.1.1', 'bounced', '550 no such user')",
                "INSERT INTO notifications (msg_id, \"at\", kind, notification_queue_id) VALUES"
                        + " (1, '2024-03-04 07:00:20+00', 'non_delivery', 'Q5'), (6, '2024-03-04 13:00:00+00', 'delay', 'Q11'),"
                        + " (10, '2024-03-05 11:00:06+00', 'non_delivery', 'Q12')",
                "INSERT INTO rejects (\"at\", kind, stage, client_ip, dsn, reason) VALUES"
                        + " ('2024-03-04 01:00:00+00', 'reject', 'RCPT', '203.0.113.9', '5.7.1', 'Relay access denied'),"
                        + " ('2024-03-04 10:00:00+00', 'milter-reject', 'END-OF-MESSAGE', '198.51.100.7', '5.7.1', 'Blocked by policy'),"
                        + " ('2024-03-04 11:00:00+00', 'reject_warning', 'RCPT', '203.0.113.9', '4.7.1', 'Client host rejected'),"
                        + " ('2024-03-05 01:00:00+00', 'reject', 'RCPT', '203.0.113.9', '5.7.1', 'Relay access denied')",
                "INSERT INTO runs VALUES"
                        + " (1, '2024-03-03 02:00:00+00', '2024-03-03 02:01:00+00', 'completed', 1, 100, 100, 0, 0, 0, 0, NULL),"
                        + " (2, '2024-03-05 02:00:00+00', '2024-03-05 02:01:00+00', 'completed', 2, 1000, 700, 200, 80, 20, 1, NULL),"
                        + " (3, '2024-03-05 02:30:00+00', '2024-03-05 02:30:01+00', 'failed', 0, 0, 0, 0, 0, 0, 0, 'disk full')",
                "INSERT INTO ingested_files (file_id, path, complete, truncated, last_at, run_id) VALUES"
                        + " (1, '/var/log/mail.log.2.gz', true, false, '2024-03-02 23:59:00+00', 1),"
                        + " (2, '/var/log/mail.log.1', false, false, '2024-03-04 22:59:00+00', 2),"
                        + " (3, '/var/log/mail.log.3.gz', true, true, '2024-03-04 22:00:00+00', 2)",
                "INSERT INTO line_kinds VALUES"
                        + " (1, 'unrecognised', 'unknown-smtpd', 50, 'old sample', 'mail.log.2.gz', 3),"
                        + " (2, 'used', 'smtp-status', 700, 'x', 'mail.log.1', 1),"
                        + " (2, 'unrecognised', 'unknown-smtpd', 15, 'sample A', 'mail.log.1', 42),"
                        + " (2, 'unrecognised', 'no-header', 5, 'garbage', 'mail.log.1', 7)");
    }

    Analysis analyse() {
        return new Analyser(AnalysisSettings.defaults(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                .analyse(db.connection(), DAY);
    }

    @Test
    void should_count_user_mail_once_and_leave_out_copies_notifications_probes_and_refused_mail() throws Exception {
        Totals t = analyse().totals();
        // received: 1, 2, 6; sizes 1000 + 2000 + 3000
        assertThat(t.messagesReceived()).isEqualTo(3);
        assertThat(t.bytesReceived()).isEqualTo(6000);
        // outcomes in the period: a, b, c (copy), e, f, g
        assertThat(t.recipients()).isEqualTo(6);
        assertThat(t.delivered()).isEqualTo(3);
        assertThat(t.deferredAtLeastOnce()).isEqualTo(3); // e, f, g
        assertThat(t.bounced()).isEqualTo(1);
        assertThat(t.expired()).isEqualTo(1);
        assertThat(t.stillQueued()).isEqualTo(1);
        assertThat(t.deleted()).isZero();
        assertThat(t.otherOutcome()).isZero();
        assertThat(t.rejects()).isEqualTo(2);
        assertThat(t.rejectWarnings()).isEqualTo(1);
        assertThat(t.ndrsSent()).isEqualTo(1);
        assertThat(t.deliveredPct()).isEqualTo(50.0);
        assertThat(t.deferredPct()).isEqualTo(50.0);
        assertThat(t.bouncedPct()).isEqualTo(16.7);
        assertThat(t.expiredPct()).isEqualTo(16.7);
        db.close();
    }

    @Test
    void should_rate_each_domain_and_resolve_its_provider_relay_first() throws Exception {
        assertThat(analyse().domains())
                .extracting(
                        DomainRate::domain,
                        DomainRate::provider,
                        DomainRate::recipients,
                        DomainRate::delivered,
                        DomainRate::deferredAtLeastOnce,
                        DomainRate::bounced,
                        DomainRate::expired,
                        DomainRate::stillQueued,
                        DomainRate::deliveredPct,
                        DomainRate::bouncedPct)
                .containsExactly(
                        tuple("example.org", "example.org", 3L, 1L, 2L, 1L, 1L, 0L, 33.3, 33.3),
                        tuple("gmail.com", "Google", 2L, 2L, 0L, 0L, 0L, 0L, 100.0, 0.0),
                        tuple("yahoo.com", "Yahoo", 1L, 0L, 1L, 0L, 0L, 1L, 0.0, 0.0));
        db.close();
    }

    @Test
    void should_list_failure_codes_per_domain_with_exact_then_subject_then_class_meaning() throws Exception {
        assertThat(analyse().dsnCodes())
                .extracting(DsnCount::domain, DsnCount::status, DsnCount::dsn, DsnCount::attempts, DsnCount::meaning)
                .containsExactly(
                        tuple("example.org", "bounced", "5.1.1", 1L, "Bad destination mailbox address"),
                        tuple("example.org", "deferred", "4.4.1", 1L, "Persistent transient failure"),
                        tuple("example.org", "expired", "4.4.1", 1L, "Persistent transient failure"),
                        tuple("yahoo.com", "deferred", "4.7.0", 2L, "Security or policy status (transient)"));
        db.close();
    }

    @Test
    void should_count_ndrs_and_how_they_fared() throws Exception {
        assertThat(analyse().ndrs()).isEqualTo(new Analysis.Ndrs(1, 1, 0, 1, 0));
        db.close();
    }

    @Test
    void should_report_data_quality_of_the_runs_since_the_period_began() throws Exception {
        Analysis.DataQuality dq = analyse().dataQuality();
        assertThat(dq.runs()).isEqualTo(2);
        assertThat(dq.failedRuns()).isEqualTo(1);
        assertThat(dq.files()).isEqualTo(2);
        assertThat(dq.truncatedFiles()).isEqualTo(1);
        assertThat(dq.linesRead()).isEqualTo(1000);
        assertThat(dq.linesUsed()).isEqualTo(700);
        assertThat(dq.linesNoise()).isEqualTo(200);
        assertThat(dq.linesOther()).isEqualTo(80);
        assertThat(dq.linesUnrecognised()).isEqualTo(20);
        assertThat(dq.unusedKinds())
                .extracting(Analysis.LineKind::kind, Analysis.LineKind::lines, Analysis.LineKind::sample)
                .containsExactly(tuple("unknown-smtpd", 15L, "sample A"), tuple("no-header", 5L, "garbage"));
        assertThat(dq.problems())
                .extracting(Analysis.Problem::what, Analysis.Problem::detail)
                .containsExactly(tuple("failed-run", "disk full"), tuple("truncated-file", "/var/log/mail.log.3.gz"));
        db.close();
    }

    @Test
    void should_warn_for_bounces_failed_runs_truncated_files_and_unrecognised_lines() throws Exception {
        Analysis.Verdict v = analyse().verdict();
        assertThat(v.ok()).isFalse();
        assertThat(v.reasons()).hasSize(4);
        assertThat(v.reasons().get(0)).contains("33.3 %");
        db.close();
    }

    @Test
    void should_be_ok_and_divide_by_nothing_safely_on_an_empty_database(@TempDir Path empty) throws Exception {
        try (TestDb fresh = TestDb.create(empty)) {
            Analysis a = new Analyser().analyse(fresh.connection(), DAY);
            assertThat(a.verdict().ok()).isTrue();
            assertThat(a.totals().recipients()).isZero();
            assertThat(a.totals().deliveredPct()).isNull();
            assertThat(a.domains()).isEmpty();
        }
        db.close();
    }

    @Test
    void should_rate_providers_for_the_period() throws Exception {
        assertThat(analyse().providers())
                .extracting(
                        Analysis.ProviderRate::bucket,
                        Analysis.ProviderRate::provider,
                        Analysis.ProviderRate::recipients,
                        Analysis.ProviderRate::delivered,
                        Analysis.ProviderRate::deliveredPct)
                .containsExactly(
                        tuple("period", "example.org", 3L, 1L, 33.3),
                        tuple("period", "Google", 2L, 2L, 100.0),
                        tuple("period", "Yahoo", 1L, 0L, 0.0));
        db.close();
    }

    @Test
    void should_cut_days_and_iso_weeks_in_the_report_zone() throws Exception {
        // delivered 23:30 UTC on 4 March: 00:30 on 5 March in Berlin
        db.exec(
                "INSERT INTO messages (msg_id, first_at, state, origin, sender, probe) VALUES"
                        + " (11, '2024-03-04 23:29:00+00', 'done', 'smtpd', 'alice@our.test', false)",
                "INSERT INTO recipients (msg_id, recipient, domain, status, relay, final_at, via_filter) VALUES"
                        + " (11, 'i@gmail.com', 'gmail.com', 'sent', 'gmail-smtp-in.l.google.com[142.250.1.27]:25',"
                        + " '2024-03-04 23:30:00+00', false)");
        ReportPeriod twoDays = new ReportPeriod(DAY.from(), Instant.parse("2024-03-05T23:00:00Z"), BERLIN);

        Analysis a = new Analyser().analyse(db.connection(), twoDays);

        assertThat(a.providersByDay())
                .extracting(
                        Analysis.ProviderRate::bucket,
                        Analysis.ProviderRate::provider,
                        Analysis.ProviderRate::recipients,
                        Analysis.ProviderRate::bounced)
                .containsExactly(
                        tuple("2024-03-04", "example.org", 3L, 1L),
                        tuple("2024-03-04", "Google", 2L, 0L),
                        tuple("2024-03-04", "Yahoo", 1L, 0L),
                        // h bounced at 12:00 and i delivered at 00:30 on 5 March, Berlin time
                        tuple("2024-03-05", "Google", 2L, 1L));
        assertThat(a.providersByWeek())
                .extracting(
                        Analysis.ProviderRate::bucket,
                        Analysis.ProviderRate::provider,
                        Analysis.ProviderRate::recipients)
                .containsExactly(
                        tuple("2024-W10", "Google", 4L),
                        tuple("2024-W10", "example.org", 3L),
                        tuple("2024-W10", "Yahoo", 1L));
        db.close();
    }

    @Test
    void should_measure_delays_per_domain_from_deliveries_only() throws Exception {
        db.exec(
                "UPDATE attempts SET delay_s = 10, delay_before_qmgr = 1, delay_in_qmgr = 2, delay_connect = 3,"
                        + " delay_transmit = 4 WHERE msg_id = 1 AND status = 'sent'",
                "UPDATE attempts SET delay_s = 4, delay_before_qmgr = 0, delay_in_qmgr = 1, delay_connect = 1,"
                        + " delay_transmit = 2 WHERE msg_id = 3",
                // the hand-off to the content filter is no delivery, however slow
                "UPDATE attempts SET delay_s = 999 WHERE msg_id = 2",
                "UPDATE attempts SET delay_s = 18000 WHERE msg_id = 7 AND status = 'sent'");

        List<Analysis.DomainDelay> delays = analyse().delays();

        assertThat(delays)
                .extracting(Analysis.DomainDelay::domain, Analysis.DomainDelay::deliveries)
                .containsExactly(tuple("gmail.com", 2L), tuple("example.org", 1L));
        Analysis.DomainDelay gmail = delays.get(0);
        // delays 4 and 10: linear interpolation between them
        assertThat(gmail.p50()).isEqualTo(7.0);
        assertThat(gmail.p95()).isCloseTo(9.7, within(1e-9));
        assertThat(gmail.p99()).isCloseTo(9.94, within(1e-9));
        assertThat(gmail.max()).isEqualTo(10.0);
        assertThat(List.of(gmail.avgBeforeQmgr(), gmail.avgInQmgr(), gmail.avgConnect(), gmail.avgTransmit()))
                .containsExactly(0.5, 1.5, 2.0, 3.0);
        assertThat(delays.get(1).p50()).isEqualTo(18000.0);
        db.close();
    }

    @Test
    void should_group_rejects_by_reason_class_stage_and_client() throws Exception {
        Analysis a = analyse();
        assertThat(a.rejectsByReason())
                .extracting(Analysis.RejectGroup::key, Analysis.RejectGroup::label, Analysis.RejectGroup::rejects)
                .containsExactly(
                        tuple("other", null, 1L),
                        tuple("policy", "Policy or reputation", 1L),
                        tuple("relay-denied", "Relay access denied", 1L));
        assertThat(a.rejectsByStage())
                .extracting(Analysis.RejectGroup::key, Analysis.RejectGroup::rejects)
                .containsExactly(
                        tuple("milter-reject END-OF-MESSAGE", 1L),
                        tuple("reject RCPT", 1L),
                        tuple("reject_warning RCPT", 1L));
        assertThat(a.rejectsByClient())
                .extracting(Analysis.RejectGroup::key, Analysis.RejectGroup::rejects)
                .containsExactly(tuple("unknown[203.0.113.9]", 2L), tuple("unknown[198.51.100.7]", 1L));
        db.close();
    }

    @Test
    void should_list_failing_senders_and_domains_and_what_is_still_queued() throws Exception {
        Analysis a = analyse();
        assertThat(a.topFailingSenders())
                .extracting(
                        Analysis.SenderFailures::sender,
                        Analysis.SenderFailures::bounced,
                        Analysis.SenderFailures::expired,
                        Analysis.SenderFailures::deferredAtLeastOnce)
                .containsExactly(
                        tuple("erin@our.test", 0L, 1L, 1L),
                        tuple("alice@our.test", 1L, 0L, 0L),
                        tuple("carol@our.test", 0L, 0L, 1L),
                        tuple("dave@our.test", 0L, 0L, 1L));
        assertThat(a.topFailingDomains()).extracting(DomainRate::domain).containsExactly("example.org", "yahoo.com");
        assertThat(a.stillQueued()).singleElement().satisfies(q -> {
            assertThat(q.recipient()).isEqualTo("e@yahoo.com");
            assertThat(q.sender()).isEqualTo("carol@our.test");
            assertThat(q.deferrals()).isEqualTo(2);
            assertThat(q.dsn()).isEqualTo("4.7.0");
            assertThat(q.arrivedAt()).isEqualTo(Instant.parse("2024-03-04T09:00:00Z"));
        });
        db.close();
    }
}
