package io.postfixinsights.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * crowdsecurity/hub's postfix-logs parser assertions ({@code ../shared/corpus/crowdsec/postfix-logs/expected.json}),
 * read in place: the header split (program, pid, host, stamp) and the fields of the postfix parser. crowdsec's
 * {@code reason} for a reject drops a leading {@code <address>: } and puts that address in a field it calls
 * {@code helo} (for a Relay access denied it is the recipient, not the HELO name). We keep the reason as logged,
 * so we compare its end, and check crowdsec's "helo" as the bracketed start of our reason.
 */
class CrowdsecCasesTest {

    static Stream<Arguments> cases() throws IOException {
        JsonNode root = new ObjectMapper()
                .readTree(CorpusFiles.root()
                        .resolve("crowdsec/postfix-logs/expected.json")
                        .toFile());
        JsonNode lines = root.get("input_lines");
        JsonNode raw = root.at("/expected/s00-raw/crowdsecurity~1syslog-logs");
        JsonNode parsed = root.at("/expected/s01-parse/crowdsecurity~1postfix-logs");
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            int idx = raw.get(i).get("idx").asInt();
            cases.add(Arguments.of(idx, lines.get(idx).asString(), raw.get(i), parsed.get(i)));
        }
        assertThat(cases).hasSize(7);
        return cases.stream();
    }

    @ParameterizedTest(name = "line {0}")
    @MethodSource("cases")
    void should_agree_with_crowdsec(int idx, String line, JsonNode raw, JsonNode parsed) {
        LineCase c = LineCase.given(line);
        PostfixEvent event = c.event();
        SyslogHeader h = c.header();
        JsonNode p = raw.get("Parsed");
        assertThat(h.syslogName() + "/" + h.daemon())
                .isEqualTo(p.path("program").asString());
        assertThat(h.pid()).isEqualTo(p.path("pid").asInt());
        assertThat(h.host()).isEqualTo(raw.at("/Meta/machine").asString());
        if (p.has("timestamp8601")) {
            assertThat(h.timestamp())
                    .isEqualTo(OffsetDateTime.parse(p.get("timestamp8601").asString())
                            .toInstant());
        } else if (p.has("timestamp")) { // crowdsec asserts no stamp for its last line
            String classic = LocalDateTime.ofInstant(h.timestamp(), ZoneOffset.UTC)
                    .format(DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH));
            assertThat(classic).isEqualTo(p.get("timestamp").asString());
        }

        JsonNode f = parsed.get("Parsed");
        if (event instanceof PostfixEvent.Reject r) {
            assertThat(r.clientIp()).isEqualTo(f.get("remote_addr").asString());
            assertThat(r.clientHost()).isEqualTo(f.get("remote_host").asString());
            assertThat(r.kind()).isEqualTo(f.get("action").asString());
            assertThat(r.stage()).isEqualTo(f.get("command").asString());
            assertThat(r.smtpCode()).isEqualTo(f.get("smtp_basic_status_code").asInt());
            assertThat(r.dsn()).isEqualTo(f.get("smtp_enhanced_status_code").asString());
            assertThat(r.reason()).endsWith(f.get("reason").asString());
            if (f.has("helo")) {
                assertThat(r.reason()).startsWith("<" + f.get("helo").asString() + ">: ");
                assertThat(f.get("kvItems").asString()).contains("helo=<" + r.helo() + ">");
            }
        } else {
            // SASL failure and non-SMTP command warnings: noise with a kind, no fields by contract
            assertThat(event).isInstanceOf(PostfixEvent.Noise.class);
            assertThat(((PostfixEvent.Noise) event).kind()).isIn("sasl-auth-failed", "non-smtp-command");
            assertThat(line).contains("[" + f.path("remote_addr").asString() + "]");
        }
    }
}
