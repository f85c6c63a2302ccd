package io.postfixinsights.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fail2ban's postfix test log ({@code ../shared/corpus/fail2ban/postfix}), read in place: each {@code # failJSON:}
 * line gives the expected time and client address of the log line after it. fail2ban pins the year to 2004/2005;
 * we infer ours, so only month, day and time are compared. Where our event carries the client address (rejects,
 * postscreen verdicts) it must equal fail2ban's {@code host}; noise events (SASL failures, pipelining, lost
 * connections) carry no address by contract, so for them only recognition is checked.
 */
class Fail2banCasesTest {

    private static final Pattern JSON =
            Pattern.compile("# failJSON: \\{ *\"time\": *\"([^\"]+)\".*?(?:\"host\": *\"([^\"]+)\")?[^}]*\\}");

    static Stream<Arguments> cases() {
        List<String> lines = CorpusFiles.lines(CorpusFiles.root().resolve("fail2ban/postfix"));
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher m = JSON.matcher(lines.get(i));
            if (m.find()
                    && !lines.get(i + 1).startsWith("#")
                    && !lines.get(i + 1).isBlank()) {
                cases.add(Arguments.of(i + 2, lines.get(i + 1), m.group(1), m.group(2)));
            }
        }
        assertThat(cases).hasSizeGreaterThan(40);
        return cases.stream();
    }

    @ParameterizedTest(name = "line {0}")
    @MethodSource("cases")
    void should_agree_with_fail2ban_on_time_and_client(int lineNumber, String line, String time, String host) {
        LineCase c = LineCase.given(line);
        PostfixEvent event = c.event();

        // fail2ban writes some days unpadded (2005-03-7T02:09:33)
        LocalDateTime expected = LocalDateTime.parse(time, DateTimeFormatter.ofPattern("yyyy-M-d'T'HH:mm:ss"));
        LocalDateTime actual = LocalDateTime.ofInstant(c.header().timestamp(), ZoneOffset.UTC);
        assertThat(actual.withYear(2000)).isEqualTo(expected.withYear(2000));

        if (host != null && LineCase.hasComponent(event, "clientIp")) {
            assertThat(LineCase.component(event, "clientIp")).isEqualTo(host);
        }
    }

    @ParameterizedTest(name = "line {0}")
    @MethodSource("cases")
    void should_not_invent_a_year_after_the_file_hint(int lineNumber, String line, String time, String host) {
        Instant hint = LineCase.DEFAULT_FILE_MODIFIED;
        assertThat(LineCase.given(line).header().timestamp()).isBeforeOrEqualTo(hint.plusSeconds(86_400));
    }
}
