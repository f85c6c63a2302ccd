package io.postfixinsights.parse;

import static io.postfixinsights.parse.LineCase.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.parse.PostfixEvent.BounceNotification;
import io.postfixinsights.parse.PostfixEvent.CleanupMessageId;
import io.postfixinsights.parse.PostfixEvent.Delivery;
import io.postfixinsights.parse.PostfixEvent.PostscreenVerdict;
import io.postfixinsights.parse.PostfixEvent.QmgrQueued;
import io.postfixinsights.parse.PostfixEvent.QmgrRemoved;
import io.postfixinsights.parse.PostfixEvent.Reject;
import io.postfixinsights.parse.PostfixEvent.SmtpdClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real lines from the licensed corpus excerpts under {@code src/test/resources/parse/} (see the README next to
 * each), expected fields worked out by reading each line.
 */
class LineParserGoldenTest {

    /** The excerpt line that starts with the given stamp. */
    private static String line(String excerpt, String stampPrefix) {
        try (InputStream in = LineParserGoldenTest.class.getResourceAsStream("/parse/" + excerpt)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return lines.stream()
                    .filter(l -> l.startsWith(stampPrefix))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pixelpark(String stampPrefix) {
        return line("pixelpark/mail.log.excerpt", stampPrefix);
    }

    @Test
    void should_read_smtpd_client_with_long_queue_id_and_rfc3339_stamp() {
        // pixelpark mail.log line 89
        given(pixelpark("2023-03-14T00:08:33.579644"))
                .expectTimestamp("2023-03-13T23:08:33.579644Z")
                .expectHeader("host", "helga")
                .expectHeader("syslogName", "postfix")
                .expectHeader("daemon", "smtpd")
                .expectHeader("pid", 297535)
                .expectEvent(SmtpdClient.class)
                .expect("queueId", "4PbC4x469Jz3tBr")
                .expect("clientHost", "mail.nistoresio.co.cz")
                .expect("clientIp", "185.31.160.120")
                .expect("saslUser", null)
                .expect("origQueueId", null);
    }

    @Test
    void should_read_a_reinjection_listener_as_its_own_syslog_name() {
        // pixelpark mail.log line 94: amavis hands the mail back to the 10025 smtpd service
        given(pixelpark("2023-03-14T00:08:35.917122"))
                .expectHeader("syslogName", "postfix/10025")
                .expectHeader("daemon", "smtpd")
                .expect("queueId", "4PbC4z6W5Qz3tG3")
                .expect("clientHost", "localhost")
                .expect("clientIp", "127.0.0.1");
    }

    @Test
    void should_read_message_id_and_qmgr_queued() {
        // pixelpark mail.log lines 90 and 92
        given(pixelpark("2023-03-14T00:08:33.628392"))
                .expectEvent(CleanupMessageId.class)
                .expect("queueId", "4PbC4x469Jz3tBr")
                .expect("messageId", "71816687N65284230Y01410375Q67285060N@ajmyjyz");
        given(pixelpark("2023-03-14T00:08:33.787870"))
                .expectEvent(QmgrQueued.class)
                .expect("queueId", "4PbC4x469Jz3tBr")
                .expect("from", "ajmyjyz@nistoresio.co.cz")
                .expect("size", 175061L)
                .expect("nrcpt", 1);
    }

    @Test
    void should_read_content_filter_delivery_with_queued_as() {
        // pixelpark mail.log line 99: the reply holds parentheses and a colon; the new ID is at its end
        given(pixelpark("2023-03-14T00:08:35.948047"))
                .expectHeader("syslogName", "postfix/amavis")
                .expectHeader("daemon", "smtp")
                .expectEvent(Delivery.class)
                .expect("queueId", "4PbC4x469Jz3tBr")
                .expect("agent", "smtp")
                .expect("to", "user01.test@uhu-banane.net")
                .expect("origTo", "frank@brehm-berlin.de")
                .expect("relayHost", "127.0.0.1")
                .expect("relayIp", "127.0.0.1")
                .expect("relayPort", 10024)
                .expect("delay", 2.4)
                .expect("delays", new double[] {0.29, 0.02, 0.01, 2.1})
                .expect("dsn", "2.0.0")
                .expect("status", DeliveryStatus.SENT)
                .expect("reply", "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 4PbC4z6W5Qz3tG3")
                .expect("queuedAs", "4PbC4z6W5Qz3tG3");
        given(pixelpark("2023-03-14T00:08:35.948639"))
                .expectEvent(QmgrRemoved.class)
                .expect("queueId", "4PbC4x469Jz3tBr");
    }

    @Test
    void should_read_pipe_delivery_with_relay_without_address() {
        // pixelpark mail.log line 101
        given(pixelpark("2023-03-14T00:08:36.037018"))
                .expect("agent", "pipe")
                .expect("relayHost", "dovecot")
                .expect("relayIp", null)
                .expect("relayPort", -1)
                .expect("delays", new double[] {0.01, 0.01, 0, 0.1})
                .expect("reply", "delivered via dovecot service")
                .expect("queuedAs", null);
    }

    @Test
    void should_read_bounced_delivery_with_relay_none() {
        // pixelpark mail.log line 44119
        given(pixelpark("2023-03-16T02:27:29.827273"))
                .expect("queueId", "4PcV4K5FPLz3tBr")
                .expect("relayHost", "none")
                .expect("dsn", "5.4.4")
                .expect("status", DeliveryStatus.BOUNCED)
                .expect(
                        "reply",
                        "Host or domain name not found. Name service error for name=hennig-berlin.com "
                                + "type=AAAA: Host not found");
    }

    @Test
    void should_read_submission_client_with_sasl_user_and_ipv6() {
        // pixelpark mail.log line 379
        given(pixelpark("2023-03-14T00:31:06.621091"))
                .expectHeader("syslogName", "postfix/submission")
                .expectHeader("daemon", "smtpd")
                .expect("clientHost", "unknown")
                .expect("clientIp", "2a02:8109:b240:41c8:9264:99a9:1b0d:15c8")
                .expect("saslUser", "vmail@uhu-banane.net");
    }

    @Test
    void should_read_smtpd_noqueue_reject() {
        // pixelpark mail.log line 470
        given(pixelpark("2023-03-14T00:37:06.630804"))
                .expectEvent(Reject.class)
                .expect("queueId", null)
                .expect("kind", "reject")
                .expect("stage", "RCPT")
                .expect("clientHost", "smtp.csp.res.in")
                .expect("clientIp", "117.244.254.50")
                .expect("smtpCode", 450)
                .expect("dsn", "4.1.8")
                .expect("reason", "<sabrina@S510.gigasys>: Sender address rejected: Domain not found")
                .expect("from", "sabrina@S510.gigasys")
                .expect("to", "user01.test@uhu-banane.net")
                .expect("proto", "ESMTP")
                .expect("helo", "galaxy.csp.res.in");
    }

    @Test
    void should_read_postscreen_reject_with_comma_separated_envelope() {
        // pixelpark mail.log line 335: the reason itself contains "; "
        given(pixelpark("2023-03-14T00:26:51.985219"))
                .expectEvent(Reject.class)
                .expect("stage", "RCPT")
                .expect("clientHost", null)
                .expect("clientIp", "185.246.220.193")
                .expect("smtpCode", 550)
                .expect("dsn", "5.7.1")
                .expect("reason", "Service unavailable; client [185.246.220.193] blocked using zen.spamhaus.org")
                .expect("from", "ripe@uhu-banane.de")
                .expect("to", "zzzzzzzzzzzzzzzzzezihe@hotmail.com")
                .expect("proto", "ESMTP")
                .expect("helo", "3BqSwxw");
    }

    @Test
    void should_read_postscreen_verdicts() {
        // pixelpark mail.log lines 9 and 10
        given(pixelpark("2023-03-14T00:01:16.756778"))
                .expectEvent(PostscreenVerdict.class)
                .expect("verdict", "PREGREET")
                .expect("clientIp", "180.214.239.18")
                .expect("detail", "11 after 0.23: EHLO User\\r\\n");
        given(pixelpark("2023-03-14T00:01:16.757091"))
                .expect("verdict", "DNSBL")
                .expect("clientIp", "180.214.239.18")
                .expect("detail", "rank 3");
    }

    @Test
    void should_read_success_notification_and_a_line_cut_short_by_a_pager() {
        // infohtreasure mailog2 lines 54 and 4659; the second ends in "$" where the pager cut it
        String excerpt = "infohtreasure/mailog2.excerpt";
        given(line(excerpt, "Feb 25 13:58:28 server1 postfix/bounce"))
                .expectEvent(BounceNotification.class)
                .expect("queueId", "AE11A4011B7B")
                .expect("kind", NotificationKind.SUCCESS)
                .expect("notificationQueueId", "9C37E404B379");
        given(line(excerpt, "Feb 25 13:58:28 server1 postfix/smtp"))
                .expectTimestamp("2023-02-25T13:58:28Z")
                .expect("to", "info.htreasure@gmail.com")
                .expect("relayHost", "gmail-smtp-in.l.google.com")
                .expect("relayPort", 25)
                .expect("delay", 2.0)
                .expect("status", DeliveryStatus.DELIVERABLE)
                .expect("reply", "250 2.1.5 OK z9-20020adfdf89");
    }

    @Test
    void should_keep_every_excerpt_line_recognised() {
        for (String excerpt : List.of("pixelpark/mail.log.excerpt", "infohtreasure/mailog2.excerpt")) {
            try (InputStream in = getClass().getResourceAsStream("/parse/" + excerpt)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(l -> {
                    ParseResult r = new LineParser(java.time.ZoneOffset.UTC).parse(l);
                    assertThat(r).as(l).isNotInstanceOf(ParseResult.Unrecognised.class);
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
