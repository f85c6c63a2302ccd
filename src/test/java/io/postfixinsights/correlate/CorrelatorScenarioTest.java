package io.postfixinsights.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.parse.DeliveryStatus;
import io.postfixinsights.parse.LineParser;
import io.postfixinsights.parse.NotificationKind;
import io.postfixinsights.parse.ParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The correlator on the scenario logs in {@code src/test/resources/scenarios}, parsed by the real parser. Every
 * expected value below was read off the scenario file by hand.
 */
class CorrelatorScenarioTest {

    /** Collects what the correlator emits, in order. */
    static final class Collected implements Correlator.Sink {
        final List<MessageRecord> messages = new ArrayList<>();
        final List<RejectRecord> rejects = new ArrayList<>();
        int unused;

        @Override
        public void message(MessageRecord message) {
            messages.add(message);
        }

        @Override
        public void reject(RejectRecord reject) {
            rejects.add(reject);
        }

        MessageRecord only(String queueId) {
            List<MessageRecord> found =
                    messages.stream().filter(m -> m.queueId().equals(queueId)).toList();
            assertThat(found).as("messages with queue ID %s", queueId).hasSize(1);
            return found.get(0);
        }
    }

    static Collected correlate(String scenario) throws IOException {
        Collected out = new Collected();
        Correlator correlator = new Correlator(out);
        LineParser parser = new LineParser(ZoneOffset.UTC);
        parser.startFile(Instant.parse("2026-11-20T00:00:00Z"));
        try (InputStream in = CorrelatorScenarioTest.class.getResourceAsStream("/scenarios/" + scenario)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                ParseResult result = parser.parse(line);
                if (!(result instanceof ParseResult.Parsed parsed)
                        || !correlator.accept(parsed.header(), parsed.event(), line)) {
                    out.unused++;
                }
            }
        }
        correlator.finish();
        return out;
    }

    @Test
    void should_assemble_one_message_with_two_sent_recipients() throws IOException {
        Collected out = correlate("01_sent_outbound.log");

        MessageRecord m = out.only("3F1A82C0D4");
        assertThat(m.state()).isEqualTo(MessageState.DONE);
        assertThat(m.host()).isEqualTo("mx1");
        assertThat(m.instance()).isEqualTo("postfix");
        assertThat(m.origin()).isEqualTo(Origin.SMTPD);
        assertThat(m.clientHost()).isEqualTo("laptop.example.com");
        assertThat(m.clientIp()).isEqualTo("198.51.100.23");
        assertThat(m.saslUser()).isEqualTo("alice@example.com");
        assertThat(m.messageId()).isEqualTo("20261102081501.alice@example.com");
        assertThat(m.sender()).isEqualTo("alice@example.com");
        assertThat(m.size()).isEqualTo(2810);
        assertThat(m.nrcpt()).isEqualTo(2);
        assertThat(m.firstSeen()).isEqualTo(Instant.parse("2026-11-02T08:15:01.480211Z"));
        assertThat(m.lastSeen()).isEqualTo(Instant.parse("2026-11-02T08:15:03.201544Z"));
        assertThat(m.recipients())
                .extracting(Recipient::address, Recipient::status, Recipient::dsn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bob@gmail.com", RecipientStatus.SENT, "2.0.0"),
                        org.assertj.core.groups.Tuple.tuple("carol@example.net", RecipientStatus.SENT, "2.0.0"));
        assertThat(m.recipients().get(0).relay()).isEqualTo("gmail-smtp-in.l.google.com[142.250.102.27]:25");
        // client, cleanup, qmgr, two smtp lines and removed; connect/disconnect carry no queue ID.
        assertThat(m.rawLines()).hasSize(6);
        assertThat(out.unused).isEqualTo(2);
        assertThat(out.rejects).isEmpty();
    }

    @Test
    void should_keep_every_deferral_and_end_sent() throws IOException {
        MessageRecord m = correlate("02_deferred_then_sent.log").only("7B2C1D0E11");

        assertThat(m.origin()).isEqualTo(Origin.PICKUP);
        assertThat(m.sender()).isEqualTo("reports@example.com");
        assertThat(m.attempts())
                .extracting(Attempt::status, Attempt::dsn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(DeliveryStatus.DEFERRED, "4.7.0"),
                        org.assertj.core.groups.Tuple.tuple(DeliveryStatus.DEFERRED, "4.7.0"),
                        org.assertj.core.groups.Tuple.tuple(DeliveryStatus.SENT, "2.0.0"));
        Recipient dave = m.recipients().get(0);
        assertThat(dave.status()).isEqualTo(RecipientStatus.SENT);
        assertThat(dave.attempts()).isEqualTo(3);
        assertThat(dave.delay()).isEqualTo(1802.0);
        assertThat(dave.finalAt()).isEqualTo(Instant.parse("2026-11-02T10:30:02Z"));
    }

    @Test
    void should_link_a_bounce_to_its_non_delivery_notification() throws IOException {
        Collected out = correlate("03_bounced_with_ndr.log");

        MessageRecord original = out.only("9D4E5F6A7B");
        assertThat(original.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("nobody@example.org");
            assertThat(r.status()).isEqualTo(RecipientStatus.BOUNCED);
            assertThat(r.dsn()).isEqualTo("5.1.1");
            assertThat(r.reply()).startsWith("host mx.example.org[203.0.113.80] said: 550 5.1.1");
        });
        assertThat(original.notifications())
                .singleElement()
                .isEqualTo(new Notification(
                        Instant.parse("2026-11-03T14:02:12.760600Z"), NotificationKind.NON_DELIVERY, "1C2D3E4F5A"));

        MessageRecord ndr = out.only("1C2D3E4F5A");
        assertThat(ndr.origin()).isEqualTo(Origin.INTERNAL);
        assertThat(ndr.sender()).isEmpty();
        assertThat(ndr.state()).isEqualTo(MessageState.DONE);
        assertThat(ndr.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("erin@example.com");
            assertThat(r.status()).isEqualTo(RecipientStatus.SENT);
            assertThat(r.relay()).isEqualTo("mail.example.com[private/dovecot-lmtp]");
        });
        assertThat(out.messages).extracting(MessageRecord::queueId).containsExactly("9D4E5F6A7B", "1C2D3E4F5A");
    }

    @Test
    void should_turn_pending_recipients_into_expired_with_the_last_deferral_reason() throws IOException {
        Collected out = correlate("04_expired.log");

        MessageRecord m = out.only("2A3B4C5D6E");
        assertThat(m.state()).isEqualTo(MessageState.DONE);
        assertThat(m.recipients()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RecipientStatus.EXPIRED);
            assertThat(r.dsn()).isEqualTo("4.4.1");
            assertThat(r.reply()).contains("Connection timed out");
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.finalAt()).isEqualTo(Instant.parse("2026-11-15T08:10:00Z"));
        });
        assertThat(m.notifications()).extracting(Notification::queueId).containsExactly("5F6A7B8C9D");
        // The NDR's own delivery is after the end of the file: it is carried over as open.
        assertThat(out.only("5F6A7B8C9D").state()).isEqualTo(MessageState.OPEN);
    }

    @Test
    void should_keep_the_content_filter_hop_and_the_reinjected_copy_apart() throws IOException {
        Collected out = correlate("05_reinjected_content_filter.log");

        MessageRecord original = out.only("6C7D8E9F0A");
        assertThat(original.attempts()).singleElement().satisfies(a -> {
            assertThat(a.relayIp()).isEqualTo("127.0.0.1");
            assertThat(a.relayPort()).isEqualTo(10024);
            assertThat(a.queuedAs()).isEqualTo("0B1C2D3E4F");
        });
        MessageRecord copy = out.only("0B1C2D3E4F");
        assertThat(copy.clientIp()).isEqualTo("127.0.0.1");
        assertThat(copy.recipients())
                .singleElement()
                .extracting(Recipient::status)
                .isEqualTo(RecipientStatus.SENT);
        assertThat(copy.attempts()).singleElement().extracting(Attempt::agent).isEqualTo("lmtp");
    }

    @Test
    void should_start_a_new_message_when_a_queue_id_is_reused_after_removed() throws IOException {
        Collected out = correlate("06_reused_queue_id.log");

        assertThat(out.messages).hasSize(2);
        MessageRecord first = out.messages.get(0);
        MessageRecord second = out.messages.get(1);
        assertThat(first.origin()).isEqualTo(Origin.PICKUP);
        assertThat(first.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("root@mx1.example.com");
            assertThat(r.origAddress()).isEqualTo("root");
            assertThat(r.status()).isEqualTo(RecipientStatus.SENT);
        });
        assertThat(second.sender()).isEqualTo("henry@example.net");
        assertThat(second.recipients()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RecipientStatus.BOUNCED);
            assertThat(r.dsn()).isEqualTo("5.2.2");
            assertThat(r.reply()).isEqualTo("mailbox full");
        });
        assertThat(first.rawLines()).hasSize(5);
        assertThat(second.rawLines()).hasSize(5);
    }

    @Test
    void should_keep_the_same_queue_id_on_two_hosts_and_two_instances_apart() throws IOException {
        Collected out = correlate("07_two_hosts_one_file.log");

        assertThat(out.messages).hasSize(3);
        assertThat(out.messages)
                .extracting(MessageRecord::host, MessageRecord::instance, MessageRecord::sender, MessageRecord::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("mx1", "postfix", "one@example.net", MessageState.DONE),
                        org.assertj.core.groups.Tuple.tuple("mx2", "postfix", "two@example.net", MessageState.DONE),
                        org.assertj.core.groups.Tuple.tuple(
                                "mx1", "postfix-out", "three@example.net", MessageState.OPEN));
        MessageRecord mx2 = out.messages.stream()
                .filter(m -> m.host().equals("mx2"))
                .findFirst()
                .orElseThrow();
        assertThat(mx2.recipients())
                .singleElement()
                .extracting(Recipient::status)
                .isEqualTo(RecipientStatus.BOUNCED);
    }

    @Test
    void should_pass_prequeue_rejects_through_without_messages() throws IOException {
        Collected out = correlate("08_prequeue_rejects.log");

        assertThat(out.messages).isEmpty();
        assertThat(out.rejects)
                .extracting(r -> r.daemon(), r -> r.reject().kind())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("smtpd", "reject"),
                        org.assertj.core.groups.Tuple.tuple("smtpd", "reject"),
                        org.assertj.core.groups.Tuple.tuple("smtpd", "reject_warning"),
                        org.assertj.core.groups.Tuple.tuple("postscreen", "reject"));
        RejectRecord rbl = out.rejects.get(0);
        assertThat(rbl.reject().stage()).isEqualTo("RCPT");
        assertThat(rbl.reject().clientIp()).isEqualTo("203.0.113.66");
        assertThat(rbl.reject().smtpCode()).isEqualTo(554);
        assertThat(rbl.reject().dsn()).isEqualTo("5.7.1");
        assertThat(rbl.reject().from()).isEqualTo("spam@example.net");
        assertThat(rbl.reject().to()).isEqualTo("jack@example.com");
        assertThat(rbl.reject().helo()).isEqualTo("example.net");
        assertThat(out.unused).isEqualTo(2);
    }

    @Test
    void should_count_cleanup_and_milter_rejects_as_rejects_and_close_the_message() throws IOException {
        Collected out = correlate("09_cleanup_rejects.log");

        assertThat(out.messages)
                .extracting(MessageRecord::queueId, MessageRecord::state, MessageRecord::cleanupAction)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("3C4D5E6F7A", MessageState.REJECTED, "reject"),
                        org.assertj.core.groups.Tuple.tuple("5E6F7A8B9C", MessageState.REJECTED, "milter-reject"));
        assertThat(out.rejects).hasSize(2);
        RejectRecord header = out.rejects.get(0);
        assertThat(header.daemon()).isEqualTo("cleanup");
        assertThat(header.reject().dsn()).isEqualTo("5.7.1");
        assertThat(header.reject().clientIp()).isEqualTo("203.0.113.44");
        assertThat(header.reject().to()).isEqualTo("mona@example.com");
        assertThat(out.rejects.get(1).reject().kind()).isEqualTo("milter-reject");
        assertThat(out.rejects.get(1).reject().to()).isEqualTo("nina@example.com");
    }

    @Test
    void should_leave_a_message_open_with_its_deferred_recipient_still_queued() throws IOException {
        MessageRecord m = correlate("10_still_queued.log").only("6D7E8F9A0B");

        assertThat(m.state()).isEqualTo(MessageState.OPEN);
        assertThat(m.recipients())
                .extracting(Recipient::address, Recipient::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("oscar@example.org", RecipientStatus.SENT),
                        org.assertj.core.groups.Tuple.tuple("pat@slow.example", RecipientStatus.DEFERRED));
    }

    @Test
    void should_complete_a_restored_open_message_in_the_next_run() throws IOException {
        MessageRecord carried = correlate("10_still_queued.log").only("6D7E8F9A0B");
        Collected out = new Collected();
        Correlator next = new Correlator(out);
        next.restore(carried);
        LineParser parser = new LineParser(ZoneOffset.UTC);
        parser.startFile(Instant.parse("2026-11-20T00:00:00Z"));
        for (String line : List.of(
                "Nov 15 00:10:00 mx1 postfix/smtp[1010]: 6D7E8F9A0B: to=<pat@slow.example>,"
                        + " relay=mx.slow.example[198.51.100.5]:25, delay=4200, delays=4170/0/1/29, dsn=2.0.0,"
                        + " status=sent (250 2.0.0 Ok: queued as 5511)",
                "Nov 15 00:10:00 mx1 postfix/qmgr[822]: 6D7E8F9A0B: removed")) {
            ParseResult.Parsed parsed = (ParseResult.Parsed) parser.parse(line);
            next.accept(parsed.header(), parsed.event(), line);
        }
        assertThat(next.finish()).isZero();

        MessageRecord done = out.only("6D7E8F9A0B");
        assertThat(done.state()).isEqualTo(MessageState.DONE);
        assertThat(done.recipients())
                .extracting(Recipient::status)
                .containsExactly(RecipientStatus.SENT, RecipientStatus.SENT);
        assertThat(done.recipients().get(1).attempts()).isEqualTo(2);
        assertThat(done.rawLines()).hasSize(7);
        assertThat(done.firstSeen()).isEqualTo(Instant.parse("2026-11-14T23:00:00Z"));
    }
}
