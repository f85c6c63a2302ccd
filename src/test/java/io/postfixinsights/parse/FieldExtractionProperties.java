package io.postfixinsights.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Generated addresses, relays, DSNs and replies written into Postfix's line formats come back unchanged. */
class FieldExtractionProperties {

    private static final String HEADER = "2024-05-01T10:00:00+00:00 mx postfix/smtp[9]: ";

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> local = Arbitraries.strings()
                .withChars("abcxyz0189._+-=")
                .ofMinLength(1)
                .ofMaxLength(30);
        return Combinators.combine(local, hosts()).as((l, d) -> l + "@" + d);
    }

    @Provide
    Arbitrary<String> hosts() {
        return Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMinLength(1)
                .ofMaxLength(20)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(parts -> String.join(".", parts));
    }

    @Provide
    Arbitrary<String> ips() {
        Arbitrary<String> v4 = Arbitraries.integers()
                .between(0, 255)
                .list()
                .ofSize(4)
                .map(p -> p.get(0) + "." + p.get(1) + "." + p.get(2) + "." + p.get(3));
        Arbitrary<String> v6 = Arbitraries.strings()
                .withChars("0123456789abcdef")
                .ofMinLength(1)
                .ofMaxLength(4)
                .list()
                .ofSize(8)
                .map(p -> String.join(":", p));
        return Arbitraries.oneOf(v4, v6);
    }

    @Provide
    Arbitrary<String> dsns() {
        return Combinators.combine(
                        Arbitraries.of(2, 4, 5),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(0, 30))
                .as((a, b, c) -> a + "." + b + "." + c);
    }

    /** Remote replies: any printable text, including parentheses, commas, brackets and equals signs. */
    @Provide
    Arbitrary<String> replies() {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .ofMinLength(1)
                .ofMaxLength(200)
                .filter(s -> !s.endsWith(" ") && !s.endsWith("$") && !s.contains("queued as "));
    }

    /** Reject reasons: printable text without ";" (the separator of the envelope tail). */
    @Provide
    Arbitrary<String> reasons() {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .ofMinLength(1)
                .ofMaxLength(120)
                .filter(s -> !s.contains(";")
                        && !s.startsWith(" ")
                        && !(s.length() > 3 && s.charAt(3) == ' ' && Character.isDigit(s.charAt(0)))
                        && !s.matches("^\\d\\.\\d+\\.\\d+( .*)?$"));
    }

    @Property
    void delivery_fields_round_trip(
            @ForAll("addresses") String to,
            @ForAll("addresses") String origTo,
            @ForAll("hosts") String relay,
            @ForAll("ips") String ip,
            @ForAll @IntRange(min = 1, max = 65535) int port,
            @ForAll("dsns") String dsn,
            @ForAll("replies") String reply,
            @ForAll @IntRange(min = 0, max = 99999) int delayHundredths) {
        double delay = delayHundredths / 100.0;
        String line = HEADER + "4PbC4x469Jz3tBr: to=<" + to + ">, orig_to=<" + origTo + ">, relay=" + relay + "[" + ip
                + "]:" + port + ", conn_use=2, delay=" + delay + ", delays=0.1/0/0.25/" + delay + ", dsn=" + dsn
                + ", status=deferred (" + reply + ")";
        PostfixEvent.Delivery d = (PostfixEvent.Delivery) LineCase.given(line).event();
        assertThat(d.to()).isEqualTo(to);
        assertThat(d.origTo()).isEqualTo(origTo);
        assertThat(d.relayHost()).isEqualTo(relay);
        assertThat(d.relayIp()).isEqualTo(ip);
        assertThat(d.relayPort()).isEqualTo(port);
        assertThat(d.delay()).isEqualTo(delay);
        assertThat(d.delays()).containsExactly(0.1, 0, 0.25, delay);
        assertThat(d.dsn()).isEqualTo(dsn);
        assertThat(d.status()).isEqualTo(DeliveryStatus.DEFERRED);
        assertThat(d.reply()).isEqualTo(reply);
        assertThat(d.queuedAs()).isNull();
    }

    @Property
    void queued_as_is_taken_from_the_end_of_the_reply(@ForAll("replies") String before) {
        String line = HEADER + "A4C392432F: to=<a@b.c>, relay=x[1.2.3.4]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, "
                + "status=sent (" + before + " queued as 4PbC4z6W5Qz3tG3)";
        assertThat(((PostfixEvent.Delivery) LineCase.given(line).event()).queuedAs())
                .isEqualTo("4PbC4z6W5Qz3tG3");
    }

    @Property
    void reject_fields_round_trip(
            @ForAll("hosts") String client,
            @ForAll("ips") String ip,
            @ForAll @IntRange(min = 400, max = 599) int code,
            @ForAll("dsns") String dsn,
            @ForAll("reasons") String reason,
            @ForAll("addresses") String from,
            @ForAll("addresses") String to,
            @ForAll("hosts") String helo) {
        String line = "Jan  5 10:00:00 mx postfix/smtpd[3]: NOQUEUE: reject: RCPT from " + client + "[" + ip + "]: "
                + code + " " + dsn + " " + reason + "; from=<" + from + "> to=<" + to + "> proto=ESMTP helo=<"
                + helo + ">";
        PostfixEvent.Reject r = (PostfixEvent.Reject) LineCase.given(line).event();
        assertThat(r.clientHost()).isEqualTo(client);
        assertThat(r.clientIp()).isEqualTo(ip);
        assertThat(r.smtpCode()).isEqualTo(code);
        assertThat(r.dsn()).isEqualTo(dsn);
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.from()).isEqualTo(from);
        assertThat(r.to()).isEqualTo(to);
        assertThat(r.proto()).isEqualTo("ESMTP");
        assertThat(r.helo()).isEqualTo(helo);
    }

    @Property
    void any_input_is_handled_without_hitting_the_safety_net(@ForAll String anything) {
        for (String line : new String[] {
            anything,
            "Jan  5 10:00:00 mx postfix/smtp[3]: " + anything,
            "Jan  5 10:00:00 mx postfix/smtpd[3]: NOQUEUE: reject: RCPT from " + anything,
            "Jan  5 10:00:00 mx postfix/smtp[3]: A4C392432F: to=<" + anything
        }) {
            ParseResult r = new LineParser(ZoneOffset.UTC).parse(line);
            assertThat(r).isNotNull();
            if (r instanceof ParseResult.Unrecognised u) {
                assertThat(u.reason()).as(line).isNotEqualTo("parser-error");
            }
        }
    }
}
