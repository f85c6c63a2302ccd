package io.postfixinsights.analyse.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reason class against real reply texts. Three kinds of source, named per case:
 *
 * <ul>
 *   <li>"public": the provider's documented wording (Google's SMTP error reference, Microsoft's Exchange Online NDR
 *       pages, Yahoo's postmaster error codes) or Postfix's own documented messages, with documentation addresses.
 *   <li>"corpus/...": quoted from the licensed parts of ../shared/corpus: grok-patterns (BSD-3-Clause, copyright
 *       Jan Kazemier and contributors), fail2ban (GPL-2.0), pixelpark (LGPL-3.0), crowdsec and infohtreasure (MIT);
 *       their licence files are in those corpus folders. Texts unchanged except where marked.
 *   <li>texts from the unlicensed corpus folders are checked in place by {@link ReplyRulesCorpusTest}.
 * </ul>
 */
class ReplyRulesTest {

    private static RefLookup ref;

    @BeforeAll
    static void load() {
        ref = RefLookup.builtIn();
    }

    @AfterAll
    static void close() throws SQLException {
        ref.close();
    }

    static Stream<Arguments> replies() {
        return Stream.of(
                // rate-limited
                Arguments.of(
                        "rate-limited",
                        "public: Gmail 4.7.28",
                        "host gmail-smtp-in.l.google.com[142.250.102.27] said: 421-4.7.28 [192.0.2.10      15] Our"
                                + " system has detected an unusual rate of unsolicited mail originating from your IP"
                                + " address. To protect our users from spam, mail sent from your IP address has been"
                                + " temporarily rate limited. Please visit"
                                + " https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk"
                                + " Email Senders Guidelines. a1si123 - gsmtp (in reply to end of DATA command)"),
                Arguments.of(
                        "rate-limited",
                        "public: Gmail 4.2.1",
                        "450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents"
                                + " additional messages from being delivered. Please resend your message at a later"
                                + " point. If the user is able to receive mail at that time, your message will be"
                                + " delivered. For more information, go to"
                                + " https://support.google.com/mail/?p=ReceivingRate"),
                Arguments.of(
                        "rate-limited", "public: Gmail 4.7.0", "421-4.7.0 Try again later, closing connection. (EHLO)"),
                Arguments.of(
                        "rate-limited",
                        "public: Microsoft 4.7.650",
                        "451 4.7.650 The mail server [192.0.2.10] has been temporarily rate limited due to IP"
                                + " reputation. For e-mail delivery information, see https://postmaster.live.com"
                                + " (S775)"),
                Arguments.of(
                        "rate-limited",
                        "public: Microsoft 4.7.500",
                        "451 4.7.500 Server busy. Please try again later from [192.0.2.10]. (AS843)"),
                Arguments.of(
                        "rate-limited",
                        "public: Yahoo TSS04",
                        "host mta6.am0.yahoodns.net[67.195.204.77] said: 421 4.7.0 [TSS04] Messages from 192.0.2.10"
                                + " temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see"
                                + " https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)"),
                Arguments.of(
                        "rate-limited",
                        "corpus/grok-patterns/test/smtp_0026.yaml (greylisting)",
                        "host open.example.nl[10.49.140.10] said: 450 4.2.0 <whatever-user@lists.example.org>:"
                                + " Recipient address rejected: Greylisted, see"
                                + " http://postgrey.schweikert.ch/help/lists.example.org.html (in reply to RCPT TO"
                                + " command)"),
                Arguments.of(
                        "rate-limited",
                        "corpus/grok-patterns/test/smtpd_0038.yaml (greylisting milter)",
                        "451 4.7.1 Greylisting in action, please come back later"),
                // authentication
                Arguments.of(
                        "authentication",
                        "public: Gmail 5.7.26 unauthenticated",
                        "550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and"
                                + " Gmail users, and has been blocked. The sender must authenticate with at least one"
                                + " of SPF or DKIM. For this message, DKIM checks did not pass and SPF check for"
                                + " [example.com] did not pass with ip: [192.0.2.10]. To best protect our users from"
                                + " spam, the message has been blocked."),
                Arguments.of(
                        "authentication",
                        "public: Gmail 5.7.26 DMARC",
                        "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC"
                                + " policy. Please contact the administrator of example.com domain if this was a"
                                + " legitimate mail. To learn about the DMARC initiative, go to"
                                + " https://support.google.com/mail/?p=DmarcRejection"),
                Arguments.of(
                        "authentication",
                        "public: Gmail 5.7.25 PTR",
                        "550-5.7.25 [192.0.2.10] The IP address sending this message does not have a PTR record"
                                + " setup, or the corresponding forward DNS entry does not point to the sending IP."
                                + " As a policy, Gmail does not accept messages from IPs with missing PTR records."),
                Arguments.of(
                        "authentication",
                        "public: Microsoft 5.7.509",
                        "550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and"
                                + " has a DMARC policy of reject."),
                Arguments.of(
                        "authentication",
                        "public: Microsoft 5.7.515",
                        "550 5.7.515 Access denied, sending domain [example.com] doesn't meet the required"
                                + " authentication level."),
                Arguments.of(
                        "authentication",
                        "public: Yahoo 5.7.9 unauthenticated",
                        "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires"
                                + " all senders to authenticate with either SPF or DKIM."),
                Arguments.of(
                        "authentication",
                        "corpus/fail2ban/postfix (reverse DNS)",
                        "450 4.7.1 Client host rejected: cannot find your hostname, [93.184.216.34]"),
                // reputation
                Arguments.of(
                        "reputation",
                        "public: Microsoft Spamhaus",
                        "550 5.7.1 Service unavailable, Client host [192.0.2.10] blocked using Spamhaus. To request"
                                + " removal from this list see https://www.spamhaus.org/query/ip/192.0.2.10"
                                + " (AS3130). [BN8NAM12FT043.eop-nam12.prod.protection.outlook.com]"),
                Arguments.of(
                        "reputation",
                        "public: Microsoft S3150",
                        "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your"
                                + " Internet service provider since part of their network is on our block list"
                                + " (S3150). You can also refer your provider to"
                                + " http://mail.live.com/mail/troubleshooting.aspx#errors."),
                Arguments.of(
                        "reputation",
                        "public: Microsoft 5.7.606",
                        "550 5.7.606 Access denied, banned sending IP [192.0.2.10]. To request removal from this"
                                + " list please visit https://sender.office.com/ and follow the directions."),
                Arguments.of(
                        "reputation",
                        "public: Yahoo TSS09",
                        "553 5.7.2 [TSS09] All messages from 192.0.2.10 will be permanently deferred; Retrying will"
                                + " NOT succeed. See https://postmaster.yahooinc.com/error-codes"),
                Arguments.of(
                        "reputation",
                        "public: Gmail low reputation",
                        "550-5.7.1 [192.0.2.10] Gmail has detected that this message is likely suspicious due to the"
                                + " very low reputation of the sending domain. To best protect our users from spam,"
                                + " the message has been blocked."),
                Arguments.of(
                        "reputation",
                        "public: Gmail not authorized to send directly",
                        "550-5.7.1 [192.0.2.10] The IP you're using to send mail is not authorized to send email"
                                + " directly to our servers. Please use the SMTP relay at your service provider"
                                + " instead."),
                Arguments.of(
                        "reputation",
                        "public: SpamCop",
                        "554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using bl.spamcop.net;"
                                + " Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.10"),
                Arguments.of(
                        "reputation",
                        "corpus/pixelpark/mail.log.gz (Barracuda)",
                        "550 5.7.1 Service unavailable; client [20.198.97.41] blocked using b.barracudacentral.org"),
                Arguments.of(
                        "reputation",
                        "corpus/grok-patterns/test/smtpd_0009.yaml (Spamhaus DBL)",
                        "554 5.7.1 Service unavailable; Helo command [news.zihan-promo.com] blocked using"
                                + " dbl.spamhaus.org; http://www.spamhaus.org/query/dbl?domain=zihan-promo.com"),
                // content
                Arguments.of(
                        "content",
                        "corpus/grok-patterns/test/smtp_0018.yaml (Gmail 5.7.1 unsolicited)",
                        "host gmail-smtp-in.l.google.com[2607:f8b0:400e:c04::1b] said: 550-5.7.1"
                                + " [2607:4100:3:25:100::2      12] Our system has detected that this 550-5.7.1"
                                + " message is likely unsolicited mail. To reduce the amount of spam sent 550-5.7.1 to"
                                + " Gmail, this message has been blocked. Please visit 550-5.7.1"
                                + " http://support.google.com/mail/bin/answer.py?hl=en&answer=188131 for 550 5.7.1"
                                + " more information. qc12si8475009pab.211 - gsmtp (in reply to end of DATA"
                                + " command)"),
                Arguments.of(
                        "content",
                        "corpus/grok-patterns/test/cleanup_0004.yaml (SpamAssassin milter)",
                        "5.7.1 Blocked by SpamAssassin"),
                Arguments.of(
                        "content",
                        "corpus/grok-patterns/test/smtpd_0022.yaml (amavis proxy-reject)",
                        "554 5.7.0 Reject, contact postmaster@example.com, id=31619-02 - spam"),
                Arguments.of(
                        "content",
                        "public: Gmail 5.7.0 security issue",
                        "552-5.7.0 This message was blocked because its content presents a potential security"
                                + " issue."),
                Arguments.of(
                        "content", "public: Postfix message_size_limit", "552 5.3.4 Message size exceeds fixed limit"),
                // unknown-mailbox
                Arguments.of(
                        "unknown-mailbox",
                        "public: Gmail 5.1.1",
                        "550-5.1.1 The email account that you tried to reach does not exist. Please try"
                                + " double-checking the recipient's email address for typos or unnecessary spaces."
                                + " For more information, go to https://support.google.com/mail/?p=NoSuchUser"),
                Arguments.of(
                        "unknown-mailbox",
                        "public: Microsoft 5.5.0",
                        "host mx1.hotmail.com[52.101.8.34] said: 550 5.5.0 Requested action not taken: mailbox"
                                + " unavailable (S2017062302). (in reply to RCPT TO command)"),
                Arguments.of(
                        "unknown-mailbox",
                        "public: Microsoft 365 edge blocking",
                        "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)"
                                + " [DB5EUR03FT012.eop-EUR03.prod.protection.outlook.com]"),
                Arguments.of(
                        "unknown-mailbox",
                        "public: Yahoo no account",
                        "554 delivery error: dd This user doesn't have a yahoo.com account (someone@yahoo.com) [0] -"
                                + " mta1012.mail.gq1.yahoo.com"),
                Arguments.of(
                        "unknown-mailbox",
                        "corpus/infohtreasure/mailog2 (Yahoo)",
                        "host mta7.am0.yahoodns.net[67.195.204.72] said: 552 1 Requested mail action aborted,"
                                + " mailbox not found (in reply to end of DATA command)"),
                Arguments.of(
                        "unknown-mailbox",
                        "corpus/grok-patterns/test/smtpd_0018.yaml",
                        "550 5.1.1 <does-not-exist@example.com>: Recipient address rejected: User unknown in virtual"
                                + " mailbox table"),
                Arguments.of(
                        "unknown-mailbox",
                        "corpus/grok-patterns/test/local_0002.yaml (local delivery)",
                        "unknown user: \"ghdsgfhdslfh\""),
                Arguments.of(
                        "unknown-mailbox",
                        "corpus/fail2ban/postfix (address verification)",
                        "550 5.1.1 <user1@example.com>: Recipient address rejected: undeliverable address:"
                                + " verification failed"),
                // mailbox-full
                Arguments.of(
                        "mailbox-full",
                        "public: Gmail 4.2.2",
                        "452-4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to"
                                + " https://support.google.com/mail/?p=OverQuotaTemp"),
                Arguments.of(
                        "mailbox-full",
                        "public: Microsoft 5.2.2",
                        "554 5.2.2 mailbox full;"
                                + " STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded"),
                Arguments.of("mailbox-full", "public: seed text", "450 4.2.2 Mailbox full, try again later"),
                Arguments.of(
                        "mailbox-full",
                        "public: Dovecot LMTP quota",
                        "host mail.example.org[private/dovecot-lmtp] said: 552 5.2.2 <user@example.org> Quota"
                                + " exceeded (mailbox for user is full) (in reply to end of DATA command)"),
                // policy
                Arguments.of(
                        "policy",
                        "public: Yahoo 5.7.9",
                        "554 5.7.9 Message not accepted for policy reasons.  See"
                                + " https://postmaster.yahooinc.com/error-codes"),
                Arguments.of(
                        "policy",
                        "corpus/crowdsec/postfix-relay/postfix-spam.log",
                        "454 4.7.1 <spammer@domain.tld>: Relay access denied"),
                Arguments.of("policy", "corpus/fail2ban/postfix", "550 5.7.1 Command rejected"),
                Arguments.of(
                        "policy",
                        "corpus/pixelpark/mail.log.gz (HELO)",
                        "504 5.5.2 <WIN-2012-STD-R2>: Helo command rejected: need fully-qualified hostname"),
                Arguments.of(
                        "policy",
                        "corpus/pixelpark/mail.log.gz (sender domain, not our DNS)",
                        "450 4.1.8 <sabrina@S510.gigasys>: Sender address rejected: Domain not found"),
                Arguments.of(
                        "policy",
                        "corpus/crowdsec/postfix-spam/postfix-spam.log (no further reason)",
                        "554 5.7.1 Service unavailable"),
                // connection
                Arguments.of(
                        "connection",
                        "public: Postfix smtp",
                        "connect to mx.example.com[192.0.2.1]:25: Connection timed out"),
                Arguments.of(
                        "connection",
                        "public: Postfix smtp, inner reason of a suspended destination",
                        "delivery temporarily suspended: connect to mx.example.com[192.0.2.1]:25: Connection"
                                + " refused"),
                Arguments.of(
                        "connection",
                        "corpus/grok-patterns/test/error_0001.yaml",
                        "delivery temporarily suspended: lost connection with mta7.am0.yahoodns.net[98.136.216.22]"
                                + " while sending RCPT TO"),
                Arguments.of(
                        "connection",
                        "corpus/infohtreasure/maillog",
                        "connect to tecadmin.net[172.67.134.5]:25: Connection timed out"),
                Arguments.of(
                        "connection",
                        "public: Postfix smtp",
                        "connect to mx.example.com[192.0.2.1]:25: No" + " route to host"),
                Arguments.of(
                        "connection",
                        "public: RFC 5321 421 reply",
                        "host mx.example.com[192.0.2.1] refused to talk to me: 421 mx.example.com Service not"
                                + " available, closing transmission channel"),
                // dns
                Arguments.of(
                        "dns",
                        "corpus/pixelpark/mail.log.gz",
                        "Host or domain name not found. Name service error for name=hennig-berlin.com type=AAAA:"
                                + " Host not found"),
                Arguments.of(
                        "dns",
                        "corpus/infohtreasure/mailog2",
                        "Host or domain name not found. Name service error for name=tecadmin.net type=MX: Host not"
                                + " found, try again"),
                Arguments.of(
                        "dns",
                        "public: Postfix smtp, inner reason of a suspended destination",
                        "delivery temporarily suspended: Host or domain name not found. Name service error for"
                                + " name=example.com type=MX: Host not found, try again"),
                // other: Postfix-internal trouble no remote rule should claim
                Arguments.of(
                        "other",
                        "corpus/grok-patterns/test/pipe_0003.yaml",
                        "mail forwarding loop for tom@example.com"),
                Arguments.of("other", "corpus/infohtreasure/maillog", "unknown mail transport error"));
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("replies")
    void should_classify_real_replies(String expected, String source, String reply) {
        assertThat(ref.reasonOf(reply)).as(source + ": " + reply).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codesInAddresses")
    void should_not_mistake_an_ip_address_for_a_status_code(String reply) {
        assertThat(ref.reasonOf(reply)).isEqualTo("other");
    }

    static Stream<String> codesInAddresses() {
        return Stream.of("host mx.example.com[10.4.2.2] said: 250 ok", "host mx.example.com[10.5.7.28] said: 250 ok");
    }
}
