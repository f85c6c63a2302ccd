package io.postfixinsights.report;

import io.postfixinsights.analyse.Analyser;
import io.postfixinsights.analyse.Analysis;
import io.postfixinsights.analyse.ReportPeriod;
import io.postfixinsights.analyse.TestDb;
import io.postfixinsights.trace.Tracer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A hand-built history for 4 March 2024 (UTC): 20 recipients delivered at gmail.com, Alice@example.org bounced after
 * a deferral (with hostile and very long remote replies) and its NDR back to the sender, bob@yahoo.com still queued.
 * So the report counts 22 user recipients: 20 delivered, 1 bounced, 1 still queued.
 */
final class ReportFixture {
    static final String IMG = "<img src=x onerror=alert(1)>";
    static final String SCRIPT_BREAK = "</script><script>alert(1)</script>";
    static final String LONG = "4.7.1-" + "A".repeat(3000);
    static final String HOSTILE_REPLY = "550 5.1.1 <Alice@example.org> " + IMG + " " + SCRIPT_BREAK;
    static final ReportPeriod DAY = new ReportPeriod(
            Instant.parse("2024-03-04T00:00:00Z"), Instant.parse("2024-03-05T00:00:00Z"), ZoneOffset.UTC);

    private ReportFixture() {}

    static TestDb database(Path dir) throws Exception {
        TestDb db = TestDb.create(dir);
        db.traffic(
                10,
                "gmail.com",
                "gmail-smtp-in.l.google.com",
                "2024-02-20 08:00:00",
                60,
                "sent",
                "2.0.0",
                "250 ok",
                true);
        db.traffic(
                20,
                "gmail.com",
                "gmail-smtp-in.l.google.com",
                "2024-03-04 08:00:00",
                60,
                "sent",
                "2.0.0",
                "250 ok",
                true);
        String raw = String.join(
                "' || chr(10) || '",
                "Mar  4 09:59:58 mx1 postfix/qmgr[7]: A1B2C3: from=<news@our.test>, size=4410, nrcpt=1 (queue active)",
                "Mar  4 10:00:00 mx1 postfix/smtp[8]: A1B2C3: to=<Alice@example.org>, relay=mx.example.org[192.0.2.7]:25,"
                        + " dsn=4.7.1, status=deferred (" + LONG + ")",
                "Mar  4 11:00:00 mx1 postfix/smtp[8]: A1B2C3: to=<Alice@example.org>, relay=mx.example.org[192.0.2.7]:25,"
                        + " dsn=5.1.1, status=bounced (" + HOSTILE_REPLY.replace("'", "''") + ")");
        db.exec(
                "INSERT INTO messages (msg_id, host, instance, queue_id, first_at, last_at, state, origin, client_host,"
                        + " client_ip, message_id, sender, size, nrcpt, probe, parent_msg_id, link_kind,"
                        + " notification_kind, raw_lines) VALUES"
                        + " (1, 'mx1', 'postfix', 'A1B2C3', '2024-03-04 09:59:58+00', '2024-03-04 11:00:01+00', 'done',"
                        + " 'smtpd', 'app.our.test', '198.51.100.4', 'm1@our.test', 'news@our.test', 4410, 1, false,"
                        + " NULL, NULL, NULL, '" + raw + "'),"
                        + " (2, 'mx1', 'postfix', 'N1D2R3', '2024-03-04 11:00:01+00', '2024-03-04 11:00:02+00', 'done',"
                        + " 'internal', NULL, NULL, NULL, '', 2000, 1, false, 1, 'notification', 'non_delivery',"
                        + " 'Mar  4 11:00:02 mx1 postfix/local[9]: N1D2R3: to=<news@our.test>, status=sent'),"
                        + " (3, 'mx1', 'postfix', 'Q9W8E7', '2024-03-04 12:00:00+00', '2024-03-04 14:00:00+00', 'open',"
                        + " 'smtpd', NULL, NULL, NULL, 'carol@our.test', 1000, 1, false, NULL, NULL, NULL,"
                        + " 'Mar  4 14:00:00 mx1 postfix/smtp[8]: Q9W8E7: to=<bob@yahoo.com>, status=deferred')",
                "INSERT INTO recipients (msg_id, recipient, domain, status, dsn, relay, reply, final_at, attempts,"
                        + " via_filter) VALUES"
                        + " (1, 'Alice@example.org', 'example.org', 'bounced', '5.1.1', 'mx.example.org[192.0.2.7]:25', '"
                        + HOSTILE_REPLY + "', '2024-03-04 11:00:00+00', 2, false),"
                        + " (2, 'news@our.test', 'our.test', 'sent', '2.0.0', 'local', 'delivered to mailbox',"
                        + " '2024-03-04 11:00:02+00', 1, false),"
                        + " (3, 'bob@yahoo.com', 'yahoo.com', 'deferred', '4.7.0', 'mta.yahoo.com[192.0.2.9]:25',"
                        + " '421 4.7.0 try later', '2024-03-04 14:00:00+00', 2, false)",
                "INSERT INTO attempts (msg_id, recipient, \"at\", agent, relay_host, relay_ip, relay_port, dsn, status,"
                        + " reply) VALUES"
                        + " (1, 'Alice@example.org', '2024-03-04 10:00:00+00', 'smtp', 'mx.example.org', '192.0.2.7', 25,"
                        + " '4.7.1', 'deferred', '" + LONG + "'),"
                        + " (1, 'Alice@example.org', '2024-03-04 11:00:00+00', 'smtp', 'mx.example.org', '192.0.2.7', 25,"
                        + " '5.1.1', 'bounced', '" + HOSTILE_REPLY + "'),"
                        + " (2, 'news@our.test', '2024-03-04 11:00:02+00', 'local', 'local', NULL, 0, '2.0.0', 'sent',"
                        + " 'delivered to mailbox'),"
                        + " (3, 'bob@yahoo.com', '2024-03-04 13:00:00+00', 'smtp', 'mta.yahoo.com', '192.0.2.9', 25,"
                        + " '4.7.0', 'deferred', '421 4.7.0 try later'),"
                        + " (3, 'bob@yahoo.com', '2024-03-04 14:00:00+00', 'smtp', 'mta.yahoo.com', '192.0.2.9', 25,"
                        + " '4.7.0', 'deferred', '421 4.7.0 try later')",
                "INSERT INTO notifications VALUES (1, '2024-03-04 11:00:01+00', 'non_delivery', 'N1D2R3')");
        return db;
    }

    /** Analyses the fixture and renders it, with trace pages, into {@code out}. */
    static Analysis render(Path dbDir, Path out, boolean redact) throws Exception {
        try (TestDb db = database(dbDir)) {
            Analysis a = new Analyser().analyse(db.connection(), DAY);
            new ReportRenderer(redact).render(a, new Tracer(db.connection()).messages(a.failedMessageIds()), out);
            return a;
        }
    }
}
