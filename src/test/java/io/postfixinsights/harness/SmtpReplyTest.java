package io.postfixinsights.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scripted replies become well-formed multi-line SMTP replies, and replies read back as they were sent. */
class SmtpReplyTest {

    @Test
    void a_provider_style_multi_line_reply_keeps_its_code_on_every_line() {
        SmtpReply r = SmtpReply.parse(
                "550-5.7.26 This mail is unauthenticated\n550 5.7.26  see {id} - gsmtp", Map.of("id", "abc"));
        assertThat(r.code()).isEqualTo(550);
        assertThat(r.wire()).isEqualTo("550-5.7.26 This mail is unauthenticated\r\n550 5.7.26  see abc - gsmtp\r\n");
        assertThat(r.text()).isEqualTo("550 5.7.26 This mail is unauthenticated 5.7.26  see abc - gsmtp");
    }

    @Test
    void a_reply_read_from_the_wire_is_the_one_written() throws Exception {
        SmtpReply sent = SmtpReply.parse("250-mx.example\n250-PIPELINING\n250 SMTPUTF8", Map.of());
        SmtpReply read = SmtpReply.read(new BufferedReader(new StringReader(sent.wire())));
        assertThat(read).isEqualTo(sent);
        assertThat(read.positive()).isTrue();
    }

    @Test
    void the_dsn_of_a_reply_is_the_enhanced_code_of_its_class() {
        assertThat(Truth.dsn("421 4.7.28 Gmail has detected")).isEqualTo("4.7.28");
        assertThat(Truth.dsn("250 ok dirdel")).isNull();
        assertThat(Truth.dsn("554 5.7.1 <x@y>: Relay access denied")).isEqualTo("5.7.1");
    }
}
