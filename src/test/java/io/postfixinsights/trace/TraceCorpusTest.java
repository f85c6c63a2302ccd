package io.postfixinsights.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postfixinsights.analyse.MessageTrace;
import io.postfixinsights.analyse.MessageTrace.AttemptTrace;
import io.postfixinsights.analyse.MessageTrace.RecipientTrace;
import io.postfixinsights.ingest.Ingestion;
import io.postfixinsights.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace over real logs of ../shared/corpus, read in place through the real {@link Ingestion} into DuckDB. Each
 * expected timeline was worked out by hand from the log (queue IDs and the lines' essentials are quoted, not the
 * lines: most sources carry no licence). Classic stamps have no year and take it from the file's time, so times are
 * compared without the year, in UTC (the zone the logs are read in).
 */
class TraceCorpusTest {

    static final Path CORPUS =
            Path.of(System.getProperty("user.dir")).resolve("../shared/corpus").normalize();
    static final DateTimeFormatter NO_YEAR =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @TempDir
    static Path dir;

    /** One history per corpus source, shared by the tests that trace in it. */
    static final Map<String, Database> HISTORIES = new HashMap<>();

    @AfterAll
    static void close() throws Exception {
        for (Database db : HISTORIES.values()) {
            db.close();
        }
    }

    static TraceResult trace(String glob, TraceQuery query) throws Exception {
        assumeTrue(Files.isDirectory(CORPUS), "skipped: ../shared/corpus not present (as in a user's clone)");
        Database db = HISTORIES.get(glob);
        if (db == null) {
            db = Database.open(dir.resolve(HISTORIES.size() + ".duckdb"));
            new Ingestion(ZoneOffset.UTC, Clock.systemUTC())
                    .run(db, List.of(CORPUS.resolve(glob).toString()));
            HISTORIES.put(glob, db);
        }
        return new Tracer(db.connection()).trace(query);
    }

    static TraceQuery recipient(String address) {
        return new TraceQuery(null, address, null, null, null, null, null, null, 20);
    }

    static TraceQuery queueId(String id) {
        return new TraceQuery(id, null, null, null, null, null, null, null, 20);
    }

    static TraceQuery clientIp(String ip) {
        return new TraceQuery(null, null, null, null, null, ip, null, null, 20);
    }

    static String noYear(Instant at) {
        return NO_YEAR.format(at);
    }

    /**
     * kdent/mail.log, A9D1524365 (grep -c "to=<marcella@peek.org>" = 1): smtpd client 166.170.42.154 with SASL user
     * jdent at Oct 22 08:26:18, cleanup, qmgr from jdent@seaglass.com, smtp to marcella@peek.org via
     * mailwash10.pair.com[66.39.2.10]:25 at 08:26:19, dsn=2.0.0 sent "250 2.0.0 Ok: queued as 312491AFA7B", removed.
     */
    @Test
    void should_trace_a_kdent_message_delivered_at_the_first_attempt() throws Exception {
        TraceResult result = trace("kdent/mail.log", recipient("marcella@peek.org"));

        assertThat(result.messages()).singleElement().satisfies(m -> {
            assertThat(m.queueId()).isEqualTo("A9D1524365");
            assertThat(m.sender()).isEqualTo("jdent@seaglass.com");
            assertThat(m.saslUser()).isEqualTo("jdent");
            assertThat(m.clientIp()).isEqualTo("166.170.42.154");
            assertThat(m.state()).isEqualTo("done");
            assertThat(m.rawLines()).hasSize(5).allSatisfy(l -> assertThat(l).contains("A9D1524365"));
            assertThat(m.attempts()).singleElement().satisfies(a -> {
                assertThat(a.status()).isEqualTo("sent");
                assertThat(a.relayHost()).isEqualTo("mailwash10.pair.com");
                assertThat(a.queuedAs()).isEqualTo("312491AFA7B");
            });
            assertThat(m.recipients()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo("sent");
                assertThat(r.dsn()).isEqualTo("2.0.0");
                assertThat(noYear(r.finalAt())).isEqualTo("10-22 08:26:19");
            });
            assertThat(m.explanation())
                    .singleElement()
                    .satisfies(e -> assertThat(e)
                            .startsWith(
                                    "marcella@peek.org: delivered: handed off to mailwash10.pair.com[66.39.2.10]:25")
                            .contains("250 2.0.0 Ok: queued as 312491AFA7B")
                            .contains("their side"));
        });
        assertThat(result.rejects()).isEmpty();
    }

    /**
     * kdent/mail.log, C605B243AF from BelizeVacations@newvacation.amazingbelizetrips.eu to jdent@seaglass.com (queued
     * before the log starts): deferred at Oct 22 02:20:53, 02:56:19 and 04:05:48 by mail.seaglass.com, each dsn=4.0.0
     * "451 Temporary ...", then sent at 05:15:55 dsn=2.0.0 "250 OK id=1ZpEmf-00024V-RZ", removed.
     */
    @Test
    void should_trace_a_kdent_message_deferred_three_times_then_delivered() throws Exception {
        TraceResult result = trace("kdent/mail.log", queueId("C605B243AF"));

        MessageTrace m = result.messages().get(0);
        assertThat(result.messages()).hasSize(1);
        assertThat(m.state()).isEqualTo("done");
        assertThat(m.attempts())
                .extracting(a -> noYear(a.at()), AttemptTrace::status, AttemptTrace::dsn)
                .containsExactly(
                        tuple("10-22 02:20:53", "deferred", "4.0.0"),
                        tuple("10-22 02:56:19", "deferred", "4.0.0"),
                        tuple("10-22 04:05:48", "deferred", "4.0.0"),
                        tuple("10-22 05:15:55", "sent", "2.0.0"));
        assertThat(m.recipients()).singleElement().satisfies(r -> {
            assertThat(r.recipient()).isEqualTo("jdent@seaglass.com");
            assertThat(r.status()).isEqualTo("sent");
            assertThat(r.dsn()).isEqualTo("2.0.0");
            assertThat(r.attempts()).isEqualTo(4);
        });
        assertThat(m.explanation())
                .singleElement()
                .satisfies(e -> assertThat(e)
                        .startsWith("jdent@seaglass.com: delivered: handed off to mail.seaglass.com[74.220.219.61]:25")
                        .contains("-10-22T05:15:55Z")
                        .contains("250 OK id=1ZpEmf-00024V-RZ"));
    }

    /**
     * kdent/mail.log, A4C392432F: smtpd client 198.52.150.41 at Oct 22 04:41:06, from 24@com-oct1022.ga to
     * kdent@seaglass.com, bounced at 04:41:09 by mail.seaglass.com, dsn=5.0.0 "550 Administrative prohibition (in
     * reply to end of DATA command)"; bounce logs "sender non-delivery notification: 68AF424356". The NDR 68AF424356
     * (from=<>) to 24@com-oct1022.ga is deferred dsn=4.4.1 ("No route to host", later "Connection timed out")
     *   grep -c "68AF424356: to=.*status=deferred" kdent/mail.log = 14
     * times, last at 16:31:20, and is still queued when the log ends.
     */
    @Test
    void should_trace_a_kdent_bounce_with_its_ndr_still_retrying() throws Exception {
        TraceResult result = trace("kdent/mail.log", queueId("A4C392432F"));

        MessageTrace m = result.messages().get(0);
        assertThat(result.messages()).hasSize(1);
        assertThat(m.clientIp()).isEqualTo("198.52.150.41");
        assertThat(m.recipients())
                .extracting(RecipientTrace::recipient, RecipientTrace::status, RecipientTrace::dsn)
                .containsExactly(tuple("kdent@seaglass.com", "bounced", "5.0.0"));
        assertThat(m.attempts()).extracting(AttemptTrace::status).containsExactly("bounced");
        assertThat(m.linked()).singleElement().satisfies(ndr -> {
            assertThat(ndr.queueId()).isEqualTo("68AF424356");
            assertThat(ndr.linkKind()).isEqualTo("notification");
            assertThat(ndr.notificationKind()).isEqualTo("non_delivery");
            assertThat(ndr.sender()).isEmpty();
            assertThat(ndr.state()).isEqualTo("open");
            assertThat(ndr.attempts())
                    .hasSize(14)
                    .extracting(AttemptTrace::status)
                    .containsOnly("deferred");
            assertThat(ndr.recipients()).singleElement().satisfies(r -> {
                assertThat(r.recipient()).isEqualTo("24@com-oct1022.ga");
                assertThat(r.status()).isEqualTo("deferred");
                assertThat(r.dsn()).isEqualTo("4.4.1");
                assertThat(noYear(r.finalAt())).isEqualTo("10-22 16:31:20");
            });
            assertThat(ndr.explanation())
                    .anySatisfy(e -> assertThat(e)
                            .startsWith("24@com-oct1022.ga: not delivered" + " yet")
                            .contains("still in the queue")
                            .contains("14 attempts")
                            .contains("Connection timed out"));
        });
        assertThat(m.explanation())
                .anySatisfy(e -> assertThat(e)
                        .startsWith("kdent@seaglass.com: bounced (permanent" + " failure, 5.0.0)")
                        .contains("550 Administrative prohibition")
                        .contains("<24@com-oct1022.ga>"));
        assertThat(m.explanation())
                .anySatisfy(e -> assertThat(e)
                        .isEqualTo("A non-delivery report went back to <24@com-oct1022.ga> as message 68AF424356."));
    }

    /**
     * secopscenter/postfix.log, 8D999464A71 from contact@example.com to admin@email.com (queued before the log's
     * first line for it, qmgr at Aug 22 10:23:50): deferred dsn=4.4.1 "connect to mx00.mail.com[74.208.5.20]:25:
     * Connection timed out" hourly,
     *   grep -c "8D999464A71: to=.*status=deferred" secopscenter/postfix.log = 103
     * the last at Aug 27 08:50:16, the same second qmgr logs "status=expired, returned to sender" and bounce logs
     * "sender non-delivery notification: AC8B8460943"; local delivers that NDR to tlsoc@example.com (orig_to
     * contact@example.com), dsn=2.0.0.
     */
    @Test
    void should_trace_the_secopscenter_message_that_expired_after_103_deferrals() throws Exception {
        TraceResult result = trace("secopscenter/postfix.log", recipient("admin@email.com"));

        MessageTrace m = result.messages().get(0);
        assertThat(result.messages()).hasSize(1);
        assertThat(m.queueId()).isEqualTo("8D999464A71");
        assertThat(m.sender()).isEqualTo("contact@example.com");
        assertThat(m.attempts()).hasSize(103).extracting(AttemptTrace::status).containsOnly("deferred");
        assertThat(m.recipients()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("expired");
            assertThat(r.dsn()).isEqualTo("4.4.1");
            assertThat(r.attempts()).isEqualTo(103);
            assertThat(noYear(r.finalAt())).isEqualTo("08-27 08:50:16");
        });
        assertThat(m.linked()).singleElement().satisfies(ndr -> {
            assertThat(ndr.queueId()).isEqualTo("AC8B8460943");
            assertThat(ndr.notificationKind()).isEqualTo("non_delivery");
            assertThat(ndr.recipients())
                    .extracting(RecipientTrace::recipient, RecipientTrace::origRecipient, RecipientTrace::status)
                    .containsExactly(tuple("tlsoc@example.com", "contact@example.com", "sent"));
        });
        assertThat(m.explanation())
                .anySatisfy(e -> assertThat(e)
                        .startsWith("admin@email.com: gave up after 103" + " attempts")
                        .contains("-08-27T08:50:16Z")
                        .contains("Connection timed out")
                        .contains("4.4.1")
                        .contains("returned to the sender <contact@example.com>"));
        assertThat(m.explanation())
                .anySatisfy(e -> assertThat(e)
                        .isEqualTo("A non-delivery report went back to <contact@example.com> as message AC8B8460943."));
    }

    /**
     * kdent/mail.log: grep -c "to=<jack@seaglass.com>" = 1, a reject at Oct 22 12:31:13 by smtpd: "NOQUEUE: reject:
     * RCPT from mail6589.weebly.mkt7188.com[208.95.134.39]: 554 5.7.1 <jack@seaglass.com>: Recipient address
     * rejected: Access denied".
     */
    @Test
    void should_trace_a_kdent_reject_before_queueing_by_recipient() throws Exception {
        TraceResult result = trace("kdent/mail.log", recipient("jack@seaglass.com"));

        assertThat(result.messages()).isEmpty();
        assertThat(result.rejects()).singleElement().satisfies(r -> {
            assertThat(noYear(r.at())).isEqualTo("10-22 12:31:13");
            assertThat(r.clientIp()).isEqualTo("208.95.134.39");
            assertThat(r.smtpCode()).isEqualTo(554);
            assertThat(r.dsn()).isEqualTo("5.7.1");
            assertThat(r.explanation())
                    .startsWith("Rejected before queueing")
                    .contains("Access denied")
                    .contains("sent no bounce");
        });
    }

    /**
     * kdent/mail.log: grep -c "82.180.64.97" = 3, of them one reject at Oct 22 10:05:08: "NOQUEUE: reject: RCPT from
     * 0x52b44061.generic.sagitta.dk[82.180.64.97]: 554 5.7.1 Service unavailable; Client host [82.180.64.97] blocked
     * using zen.spamhaus.org", to kdent@seaglass.com; no message came from that client.
     */
    @Test
    void should_trace_a_kdent_rbl_reject_by_client_ip() throws Exception {
        TraceResult result = trace("kdent/mail.log", clientIp("82.180.64.97"));

        assertThat(result.messages()).isEmpty();
        assertThat(result.rejects()).singleElement().satisfies(r -> {
            assertThat(noYear(r.at())).isEqualTo("10-22 10:05:08");
            assertThat(r.recipient()).isEqualTo("kdent@seaglass.com");
            assertThat(r.smtpCode()).isEqualTo(554);
            assertThat(r.explanation())
                    .startsWith("Rejected before queueing")
                    .contains("blocked using zen.spamhaus.org");
        });
    }

    @Test
    void should_find_nothing_for_an_address_kdent_never_saw() throws Exception {
        // grep -ci "nobody@nowhere.invalid" kdent/mail.log = 0
        TraceResult result = trace("kdent/mail.log", recipient("nobody@nowhere.invalid"));

        assertThat(result.isEmpty()).isTrue();
    }

    /**
     * pixelpark/mail.log.gz (LGPL-3.0), 4PbC4x469Jz3tBr: smtpd client 185.31.160.120 at 2023-03-14T00:08:33+01:00,
     * from ajmyjyz@nistoresio.co.cz; amavis/smtp hands user01.test@uhu-banane.net (orig_to frank@brehm-berlin.de) to
     * 127.0.0.1:10024 at 00:08:35.948047, "250 2.0.0 Ok: queued as 4PbC4z6W5Qz3tG3". The copy 4PbC4z6W5Qz3tG3 came
     * in by 10025/smtpd from localhost with the same Message-ID and was delivered by pipe, relay=dovecot, at
     * 00:08:36.037018 "delivered via dovecot service".
     */
    @Test
    void should_trace_a_pixelpark_message_through_its_amavis_copy() throws Exception {
        TraceResult result = trace("pixelpark/mail.log.gz", queueId("4PbC4x469Jz3tBr"));

        MessageTrace m = result.messages().get(0);
        assertThat(result.messages()).hasSize(1);
        assertThat(m.clientIp()).isEqualTo("185.31.160.120");
        assertThat(m.recipients()).singleElement().satisfies(r -> {
            assertThat(r.recipient()).isEqualTo("user01.test@uhu-banane.net");
            assertThat(r.origRecipient()).isEqualTo("frank@brehm-berlin.de");
            assertThat(r.status()).isEqualTo("sent");
            assertThat(r.viaFilter()).isTrue();
        });
        assertThat(m.linked()).singleElement().satisfies(copy -> {
            assertThat(copy.queueId()).isEqualTo("4PbC4z6W5Qz3tG3");
            assertThat(copy.linkKind()).isEqualTo("reinjected");
            assertThat(copy.attempts()).singleElement().satisfies(a -> {
                assertThat(a.agent()).isEqualTo("pipe");
                assertThat(a.status()).isEqualTo("sent");
                assertThat(a.at()).isEqualTo(Instant.parse("2023-03-13T23:08:36.037018Z"));
            });
            assertThat(copy.explanation()).first().asString().contains("re-injected");
            assertThat(copy.explanation())
                    .anySatisfy(e -> assertThat(e)
                            .startsWith("user01.test@uhu-banane.net: delivered: handed off to dovecot")
                            .contains("delivered via dovecot service"));
        });
        assertThat(m.explanation())
                .singleElement()
                .satisfies(e -> assertThat(e)
                        .startsWith(
                                "user01.test@uhu-banane.net: passed to the local content filter (127.0.0.1[127.0.0.1]:10024)")
                        .contains("re-injected copy"));
    }

    /**
     * teliten rotated set, 51BDD9B0 (zcat -f teliten/mail.log* | grep -c 51BDD9B0: 10 lines in mail.log.2.gz, 209
     * in mail.log.1): pickup uid=1001 at May 22 22:52:39, from adam@adam.relay@carpent.us to root@adam.relay@carpent.us
     * (orig_to root); deferred dsn=4.4.3 ("Host or domain name not found ... smtp-relay.gmail.com") 4 times in .2.gz
     * and 103 times in .1; at May 27 23:09:16 "status=expired, returned to sender", NDR 50CE64C5, which is itself
     * deferred (4.4.3) 26 times in .1 and 10 in mail.log (36; the last May 29 11:29:31) and still queued at the end.
     */
    @Test
    void should_trace_a_teliten_message_across_two_rotated_files_to_its_expiry() throws Exception {
        TraceResult result = trace("teliten/mail.log*", queueId("51BDD9B0"));

        MessageTrace m = result.messages().get(0);
        assertThat(result.messages()).hasSize(1);
        assertThat(m.origin()).isEqualTo("pickup");
        assertThat(noYear(m.firstAt())).isEqualTo("05-22 22:52:39");
        assertThat(m.rawLines()).hasSize(219);
        assertThat(m.attempts()).hasSize(107).extracting(AttemptTrace::dsn).containsOnly("4.4.3");
        assertThat(m.recipients()).singleElement().satisfies(r -> {
            assertThat(r.recipient()).isEqualTo("root@adam.relay@carpent.us");
            assertThat(r.origRecipient()).isEqualTo("root");
            assertThat(r.status()).isEqualTo("expired");
            assertThat(r.attempts()).isEqualTo(107);
            assertThat(noYear(r.finalAt())).isEqualTo("05-27 23:09:16");
        });
        assertThat(m.linked()).singleElement().satisfies(ndr -> {
            assertThat(ndr.queueId()).isEqualTo("50CE64C5");
            assertThat(ndr.state()).isEqualTo("open");
            assertThat(ndr.attempts()).hasSize(36);
            assertThat(ndr.recipients()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo("deferred");
                assertThat(noYear(r.finalAt())).isEqualTo("05-29 11:29:31");
            });
        });
        assertThat(m.explanation())
                .anySatisfy(e -> assertThat(e)
                        .startsWith("root@adam.relay@carpent.us: gave up after 107 attempts")
                        .contains("4.4.3"));
    }
}
