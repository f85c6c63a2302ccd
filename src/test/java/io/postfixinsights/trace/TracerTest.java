package io.postfixinsights.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postfixinsights.analyse.MessageTrace;
import io.postfixinsights.store.Database;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracer on hand-built rows in a real DuckDB file: the rows below restate scenarios 03 (a bounce and its NDR)
 * and 05 (a message passed through a content filter), plus one pre-queue reject, as the store would hold them.
 */
class TracerTest {

    @TempDir
    Path dir;

    Database db;
    Connection c;

    @BeforeEach
    void load() throws Exception {
        db = Database.open(dir.resolve("t.duckdb"));
        c = db.connection();
        try (Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO messages (msg_id, host, instance, queue_id, first_at, last_at, state, origin,
                        client_host, client_ip, sasl_user, message_id, sender, size, nrcpt, probe, parent_msg_id,
                        link_kind, notification_kind, raw_lines) VALUES
                    (1, 'mx1', 'postfix', '9D4E5F6A7B', '2026-11-03 14:02:11+00', '2026-11-03 14:02:12.78+00', 'done',
                     'smtpd', 'unknown', '198.51.100.40', 'erin@example.com', 'a1b2c3@example.com',
                     'erin@example.com', 4410, 1, false, NULL, NULL, NULL, 'line one' || chr(10) || 'line two'),
                    (2, 'mx1', 'postfix', '1C2D3E4F5A', '2026-11-03 14:02:12.75+00', '2026-11-03 14:02:12.90+00',
                     'done', 'internal', NULL, NULL, NULL, NULL, '', 6512, 1, false, 1, 'notification',
                     'non_delivery', 'ndr line'),
                    (3, 'mx1', 'postfix', '6C7D8E9F0A', '2026-11-04 10:20:00.1+00', '2026-11-04 10:20:02.18+00',
                     'done', 'smtpd', 'mail-out.example.net', '203.0.113.7', NULL, 'news-42@example.net',
                     'news@example.net', 15000, 1, false, NULL, NULL, NULL, 'orig'),
                    (4, 'mx1', 'postfix', '0B1C2D3E4F', '2026-11-04 10:20:02.1+00', '2026-11-04 10:20:02.31+00',
                     'done', 'smtpd', 'localhost', '127.0.0.1', NULL, 'news-42@example.net', 'news@example.net',
                     15800, 1, false, 3, 'reinjected', NULL, 'copy')
                    """);
            s.execute("""
                    INSERT INTO recipients (msg_id, recipient, orig_recipient, domain, status, dsn, relay, reply,
                        final_at, attempts, delay_s, via_filter) VALUES
                    (1, 'nobody@example.org', NULL, 'example.org', 'bounced', '5.1.1',
                     'mx.example.org[203.0.113.80]:25', '550 5.1.1 <nobody@example.org>: User unknown',
                     '2026-11-03 14:02:12.73+00', 1, 1.6, false),
                    (2, 'erin@example.com', NULL, 'example.com', 'sent', '2.0.0',
                     'mail.example.com[private/dovecot-lmtp]', '250 2.0.0 Saved', '2026-11-03 14:02:12.90+00', 1,
                     0.14, false),
                    (3, 'grace@example.com', NULL, 'example.com', 'sent', '2.0.0', '127.0.0.1[127.0.0.1]:10024',
                     '250 2.0.0 Ok: queued as 0B1C2D3E4F', '2026-11-04 10:20:02.17+00', 1, 1.9, true),
                    (4, 'grace@example.com', NULL, 'example.com', 'sent', '2.0.0',
                     'mail.example.com[private/dovecot-lmtp]', '250 2.0.0 Saved', '2026-11-04 10:20:02.3+00', 1,
                     0.15, false)
                    """);
            s.execute("""
                    INSERT INTO attempts (msg_id, recipient, "at", agent, relay_host, relay_ip, relay_port, dsn, status,
                        reply, delay_s, queued_as) VALUES
                    (1, 'nobody@example.org', '2026-11-03 14:02:12.73+00', 'smtp', 'mx.example.org', '203.0.113.80',
                     25, '5.1.1', 'bounced', '550 5.1.1 <nobody@example.org>: User unknown', 1.6, NULL),
                    (3, 'grace@example.com', '2026-11-04 10:20:02.17+00', 'smtp', '127.0.0.1', '127.0.0.1', 10024,
                     '2.0.0', 'sent', '250 2.0.0 Ok: queued as 0B1C2D3E4F', 1.9, '0B1C2D3E4F')
                    """);
            s.execute("""
                    INSERT INTO rejects ("at", host, daemon, kind, stage, client_host, client_ip, smtp_code, dsn, reason,
                        sender, recipient, helo, queue_id, raw_line) VALUES
                    ('2026-11-07 03:10:00+00', 'mx1', 'smtpd', 'reject', 'RCPT', 'unknown', '203.0.113.66', 554,
                     '5.7.1', 'Service unavailable; Client host [203.0.113.66] blocked using zen.spamhaus.org',
                     'spam@example.net', 'nobody@example.org', 'example.net', NULL, 'raw reject line')
                    """);
        }
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private static TraceQuery byRecipient(String recipient) {
        return new TraceQuery(null, recipient, null, null, null, null, null, null, 20);
    }

    @Test
    void should_find_a_bounced_message_with_its_ndr_and_the_reject_for_the_same_recipient() throws Exception {
        TraceResult result = new Tracer(c).trace(byRecipient("NOBODY@example.org"));

        assertThat(result.messages()).singleElement().satisfies(m -> {
            assertThat(m.queueId()).isEqualTo("9D4E5F6A7B");
            assertThat(m.rawLines()).containsExactly("line one", "line two");
            assertThat(m.attempts()).singleElement().extracting(a -> a.status()).isEqualTo("bounced");
            assertThat(m.linked())
                    .singleElement()
                    .extracting(MessageTrace::queueId)
                    .isEqualTo("1C2D3E4F5A");
            assertThat(m.explanation())
                    .anySatisfy(e -> assertThat(e)
                            .startsWith("nobody@example.org: bounced")
                            .contains("5.1.1")
                            .contains("<erin@example.com>"));
            assertThat(m.explanation())
                    .anySatisfy(
                            e -> assertThat(e).contains("non-delivery report").contains("1C2D3E4F5A"));
        });
        assertThat(result.rejects()).singleElement().satisfies(r -> {
            assertThat(r.clientIp()).isEqualTo("203.0.113.66");
            assertThat(r.explanation())
                    .contains("before queueing")
                    .contains("RCPT")
                    .contains("no bounce");
        });
    }

    @Test
    void should_show_the_content_filter_copy_inside_the_original_only() throws Exception {
        TraceResult result = new Tracer(c).trace(byRecipient("grace@example.com"));

        // The copy (msg 4) has the same recipient but is shown inside the original, not twice.
        assertThat(result.messages()).extracting(MessageTrace::queueId).containsExactly("6C7D8E9F0A");
        MessageTrace original = result.messages().get(0);
        assertThat(original.explanation()).anySatisfy(e -> assertThat(e).contains("content filter"));
        assertThat(original.linked()).singleElement().satisfies(copy -> {
            assertThat(copy.queueId()).isEqualTo("0B1C2D3E4F");
            assertThat(copy.linkKind()).isEqualTo("reinjected");
            assertThat(copy.explanation()).anySatisfy(e -> assertThat(e).startsWith("grace@example.com: delivered"));
        });
    }

    @Test
    void should_find_a_copy_by_its_own_queue_id() throws Exception {
        TraceResult result =
                new Tracer(c).trace(new TraceQuery("0B1C2D3E4F", null, null, null, null, null, null, null, 20));

        assertThat(result.messages()).extracting(MessageTrace::msgId).containsExactly(4L);
        assertThat(result.rejects()).isEmpty();
    }

    @Test
    void should_honour_the_time_window() throws Exception {
        TraceQuery after = new TraceQuery(
                null, "grace@example.com", null, null, null, null, Instant.parse("2026-11-05T00:00:00Z"), null, 20);

        assertThat(new Tracer(c).trace(after).isEmpty()).isTrue();
    }

    @Test
    void should_say_nothing_was_found_and_refuse_an_empty_query() throws Exception {
        TraceResult none = new Tracer(c).trace(byRecipient("someone@nowhere.example"));
        StringWriter text = new StringWriter();
        new TraceText(new PrintWriter(text), false).write(none);

        assertThat(none.isEmpty()).isTrue();
        assertThat(text.toString()).contains("never reached this server");
        assertThatThrownBy(() -> new Tracer(c).trace(byRecipient(null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_blank_terminal_control_bytes_from_log_text() throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("UPDATE rejects SET reason = 'evil' || chr(27) || '[2J' || chr(7) || 'text'");
        }
        StringWriter text = new StringWriter();
        new TraceText(new PrintWriter(text), true).write(new Tracer(c).trace(byRecipient("nobody@example.org")));

        assertThat(text.toString())
                .contains("evil?[2J?text")
                .doesNotContain("\u0007")
                .doesNotContain("\u001b[2J");
        // Our own colours still get through on a terminal.
        assertThat(text.toString()).contains("\u001b[1m");
    }
}
