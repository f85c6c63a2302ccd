package io.postfixinsights.parse;

import static io.postfixinsights.parse.LineCase.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syslog header forms, program tags and year inference; lines written from the documented formats. */
class LineParserHeaderTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void should_read_space_padded_classic_stamp_in_the_configured_zone() {
        given("Mar  4 10:00:01 mx postfix/qmgr[12]: A4C392432F: removed", BERLIN, Instant.parse("2024-06-01T00:00:00Z"))
                .expectTimestamp("2024-03-04T09:00:01Z")
                .expectHeader("host", "mx")
                .expect("queueId", "A4C392432F");
    }

    @Test
    void should_read_zoneless_iso_stamp_with_fraction_in_the_configured_zone() {
        given("2024-07-01 12:30:45.250 mx postfix/qmgr[12]: A4C392432F: removed", BERLIN, Instant.EPOCH)
                .expectTimestamp("2024-07-01T10:30:45.250Z");
    }

    @Test
    void should_read_rfc3339_offsets_and_zulu() {
        given("2023-03-14T00:00:31.185246+01:00 helga postfix/smtpd[1]: connect from a[1.2.3.4]")
                .expectTimestamp("2023-03-13T23:00:31.185246Z")
                .expectNoise("smtpd-connect");
        given("2024-08-26T01:33:38Z m postfix/smtpd[1]: connect from a[1.2.3.4]")
                .expectTimestamp("2024-08-26T01:33:38Z");
        given("2024-08-26T01:33:38-0530 m postfix/smtpd[1]: connect from a[1.2.3.4]")
                .expectTimestamp("2024-08-26T07:03:38Z");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "postfix/submission/smtpd, postfix/submission, smtpd, postfix",
        "postfix/amavis/smtp, postfix/amavis, smtp, postfix",
        "postfix-out/smtp, postfix-out, smtp, postfix-out",
        "postfix-incoming/smtpd, postfix-incoming, smtpd, postfix-incoming",
        "smtp-25/smtpd, smtp-25, smtpd, smtp-25",
        "submission/smtpd, submission, smtpd, submission",
        "postfix/postfix-script, postfix, postfix-script, postfix",
        "postfix-script, postfix, postfix-script, postfix",
    })
    void should_split_program_tags(String tag, String syslogName, String daemon, String instance) {
        LineCase c = given("Jun  1 07:23:00 postfix " + tag + "[42]: warning: something odd");
        c.expectHeader("syslogName", syslogName).expectHeader("daemon", daemon).expectHeader("pid", 42);
        assertThat(c.header().instance()).isEqualTo(instance);
        assertThat(c.result()).isInstanceOf(ParseResult.Parsed.class);
    }

    @Test
    void should_accept_tags_without_pid_and_a_host_named_postfix() {
        given("Jun  1 07:23:00 postfix postfix/postlog: hello from a script")
                .expectHeader("host", "postfix")
                .expectHeader("pid", -1)
                .expectNoise("postlog");
    }

    @Test
    void should_leave_other_programs_and_cyrus_master_to_the_caller() {
        given("Jun  1 07:23:00 postfix amavis[9]: (09) Passed CLEAN")
                .expectOtherProgram()
                .expectHeader("daemon", "amavis");
        given("Jun  1 07:23:00 h cyrus/master[427]: exiting").expectOtherProgram();
    }

    @Test
    void should_report_missing_header_and_unknown_postfix_text() {
        given("[20-Oct-2020 14:56:10 +0100]: <abc> roundcube").expectUnrecognised("no-header");
        given("").expectUnrecognised("no-header");
        given("Jun  1 07:23:00 h postfix/smtpd[1]: something postfix never says")
                .expectUnrecognised("unknown-smtpd");
        given("Feb 30 07:23:00 h postfix/smtpd[1]: connect from a[1.2.3.4]").expectUnrecognised("bad-timestamp");
    }

    @Test
    void should_increment_the_year_across_new_year_in_one_stream() {
        LineParser parser = new LineParser(ZoneOffset.UTC);
        parser.startFile(Instant.parse("2024-01-02T00:00:00Z"));
        List<String> lines = List.of(
                "Dec 31 23:59:58 h postfix/qmgr[1]: A1B2C3D4E1: removed",
                "Jan  1 00:00:02 h postfix/qmgr[1]: A1B2C3D4E2: removed",
                "Jan  1 00:00:03 h postfix/qmgr[1]: A1B2C3D4E3: removed");
        assertThat(lines.stream().map(l -> stamp(parser.parse(l))).toList())
                .containsExactly(
                        Instant.parse("2023-12-31T23:59:58Z"),
                        Instant.parse("2024-01-01T00:00:02Z"),
                        Instant.parse("2024-01-01T00:00:03Z"));
    }

    @Test
    void should_carry_the_year_over_rotated_files_read_oldest_first() {
        LineParser parser = new LineParser(ZoneOffset.UTC);
        parser.startFile(Instant.parse("2024-01-01T06:25:00Z")); // mail.log.1, rotated on New Year's morning
        Instant dec = stamp(parser.parse("Dec 31 23:00:00 h postfix/qmgr[1]: A1B2C3D4E1: removed"));
        parser.startFile(Instant.parse("2024-03-01T06:25:00Z")); // mail.log
        Instant jan = stamp(parser.parse("Jan  1 07:00:00 h postfix/qmgr[1]: A1B2C3D4E2: removed"));
        assertThat(dec).isEqualTo(Instant.parse("2023-12-31T23:00:00Z"));
        assertThat(jan).isEqualTo(Instant.parse("2024-01-01T07:00:00Z"));
    }

    @Test
    void should_give_a_stray_old_line_the_previous_year_without_moving_the_seed() {
        LineParser parser = new LineParser(ZoneOffset.UTC);
        parser.startFile(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(stamp(parser.parse("Jan 10 00:00:00 h postfix/qmgr[1]: A1B2C3D4E1: removed")))
                .isEqualTo(Instant.parse("2024-01-10T00:00:00Z"));
        assertThat(stamp(parser.parse("Dec 20 00:00:00 h postfix/qmgr[1]: A1B2C3D4E2: removed")))
                .isEqualTo(Instant.parse("2023-12-20T00:00:00Z"));
        assertThat(stamp(parser.parse("Jan 11 00:00:00 h postfix/qmgr[1]: A1B2C3D4E3: removed")))
                .isEqualTo(Instant.parse("2024-01-11T00:00:00Z"));
    }

    @Test
    void should_seed_classic_lines_from_a_preceding_rfc3339_line() {
        LineParser parser = new LineParser(ZoneOffset.UTC);
        parser.startFile(Instant.parse("2030-01-01T00:00:00Z"));
        parser.parse("2019-08-26T01:33:38Z m postfix/smtpd[1]: connect from a[1.2.3.4]");
        assertThat(stamp(parser.parse("Aug 27 00:00:00 h postfix/qmgr[1]: A1B2C3D4E1: removed")))
                .isEqualTo(Instant.parse("2019-08-27T00:00:00Z"));
    }

    @Test
    void should_put_the_first_classic_line_at_or_before_file_modification_plus_a_day() {
        given(
                        "Jan  1 10:00:00 h postfix/qmgr[1]: A1B2C3D4E1: removed",
                        ZoneOffset.UTC,
                        Instant.parse("2024-12-31T12:00:00Z"))
                .expectTimestamp("2025-01-01T10:00:00Z");
        given(
                        "Jan  2 10:00:00 h postfix/qmgr[1]: A1B2C3D4E1: removed",
                        ZoneOffset.UTC,
                        Instant.parse("2024-12-31T12:00:00Z"))
                .expectTimestamp("2024-01-02T10:00:00Z");
    }

    private static Instant stamp(ParseResult r) {
        return ((ParseResult.Parsed) r).header().timestamp();
    }
}
