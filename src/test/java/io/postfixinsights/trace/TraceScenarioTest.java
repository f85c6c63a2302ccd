package io.postfixinsights.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.analyse.MessageTrace;
import io.postfixinsights.analyse.MessageTrace.AttemptTrace;
import io.postfixinsights.analyse.MessageTrace.RecipientTrace;
import io.postfixinsights.ingest.Ingestion;
import io.postfixinsights.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace over the real pipeline: scenario logs are written as log files, ingested by {@link Ingestion} into a DuckDB
 * file, and looked up with {@link Tracer}. The expected timelines were read off the scenario files by hand.
 */
class TraceScenarioTest {

    static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");

    @TempDir
    Path dir;

    static String scenario(String name) throws IOException {
        try (InputStream in = TraceScenarioTest.class.getResourceAsStream("/scenarios/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes the given contents as log files (oldest first), ingests them, and traces. */
    TraceResult trace(List<String> files, TraceQuery query) throws Exception {
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = dir.resolve("log" + i);
            Files.writeString(file, files.get(i), StandardCharsets.UTF_8);
            // Classic stamps take their year from the file time: a week after the scenarios.
            Files.setLastModifiedTime(
                    file, FileTime.from(Instant.parse("2026-11-20T00:00:00Z").plusSeconds(i)));
            specs.add(file.toString());
        }
        try (Database db = Database.open(dir.resolve("history.duckdb"))) {
            new Ingestion(ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC)).run(db, specs);
            return new Tracer(db.connection()).trace(query);
        }
    }

    static TraceQuery recipient(String address) {
        return new TraceQuery(null, address, null, null, null, null, null, null, 20);
    }

    static TraceQuery queueId(String id) {
        return new TraceQuery(id, null, null, null, null, null, null, null, 20);
    }

    @Test
    void should_prove_a_sent_message_with_relay_time_and_reply() throws Exception {
        TraceResult result = trace(List.of(scenario("01_sent_outbound.log")), recipient("bob@gmail.com"));

        MessageTrace m = result.messages().get(0);
        assertThat(result.messages()).hasSize(1);
        assertThat(m.sender()).isEqualTo("alice@example.com");
        assertThat(m.saslUser()).isEqualTo("alice@example.com");
        assertThat(m.rawLines()).hasSize(6).allSatisfy(line -> assertThat(line).contains("3F1A82C0D4"));
        assertThat(m.explanation())
                .anySatisfy(e -> assertThat(e)
                        .startsWith(
                                "bob@gmail.com: delivered: handed off to gmail-smtp-in.l.google.com[142.250.102.27]:25")
                        .contains("2026-11-02T08:15:02.913442Z")
                        .contains("250 2.0.0 OK")
                        .contains("their side"));
    }

    @Test
    void should_explain_a_bounce_and_show_the_ndr_sent_back() throws Exception {
        TraceResult result = trace(List.of(scenario("03_bounced_with_ndr.log")), recipient("nobody@example.org"));

        MessageTrace m = result.messages().get(0);
        assertThat(m.recipients())
                .extracting(RecipientTrace::status, RecipientTrace::dsn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bounced", "5.1.1"));
        assertThat(m.linked()).singleElement().satisfies(ndr -> {
            assertThat(ndr.queueId()).isEqualTo("1C2D3E4F5A");
            assertThat(ndr.linkKind()).isEqualTo("notification");
            assertThat(ndr.notificationKind()).isEqualTo("non_delivery");
            assertThat(ndr.recipients()).extracting(RecipientTrace::recipient).containsExactly("erin@example.com");
        });
        assertThat(m.explanation())
                .anySatisfy(e -> assertThat(e)
                        .contains("permanent")
                        .contains("5.1.1")
                        .contains("User unknown in virtual mailbox table"));
        assertThat(m.explanation())
                .anySatisfy(e -> assertThat(e)
                        .contains("non-delivery report went back to" + " <erin@example.com> as message 1C2D3E4F5A"));
    }

    @Test
    void should_explain_an_expiry_with_the_last_deferral_reason() throws Exception {
        TraceResult result = trace(List.of(scenario("04_expired.log")), recipient("frank@old-domain.example"));

        MessageTrace m = result.messages().get(0);
        assertThat(m.attempts()).extracting(AttemptTrace::status).containsExactly("deferred", "deferred");
        assertThat(m.explanation())
                .anySatisfy(e -> assertThat(e)
                        .contains("gave up after 2 attempts")
                        .contains("2026-11-15T08:10:00Z")
                        .contains("Connection timed out")
                        .contains("4.4.1"));
    }

    @Test
    void should_follow_the_content_filter_hop_to_the_final_delivery() throws Exception {
        TraceResult result =
                trace(List.of(scenario("05_reinjected_content_filter.log")), recipient("grace@example.com"));

        assertThat(result.messages()).extracting(MessageTrace::queueId).containsExactly("6C7D8E9F0A");
        MessageTrace original = result.messages().get(0);
        assertThat(original.recipients())
                .singleElement()
                .extracting(RecipientTrace::viaFilter)
                .isEqualTo(true);
        assertThat(original.linked()).singleElement().satisfies(copy -> {
            assertThat(copy.queueId()).isEqualTo("0B1C2D3E4F");
            assertThat(copy.linkKind()).isEqualTo("reinjected");
            assertThat(copy.attempts())
                    .singleElement()
                    .extracting(AttemptTrace::agent)
                    .isEqualTo("lmtp");
        });
    }

    @Test
    void should_never_mix_two_messages_that_reused_one_queue_id() throws Exception {
        TraceResult result = trace(List.of(scenario("06_reused_queue_id.log")), queueId("4E5F6A7B8C"));

        assertThat(result.messages()).hasSize(2);
        // Newest first: the evening's inbound bounce, then the morning's local cron mail.
        assertThat(result.messages())
                .extracting(MessageTrace::sender)
                .containsExactly("henry@example.net", "root@mx1.example.com");
        assertThat(result.messages().get(0).rawLines()).hasSize(5).noneMatch(l -> l.contains("uid=0"));
        assertThat(result.messages().get(1).rawLines()).hasSize(5).noneMatch(l -> l.contains("henry"));
    }

    @Test
    void should_join_a_message_whose_lines_span_two_rotated_files() throws Exception {
        List<String> lines = Arrays.asList(scenario("10_still_queued.log").split("\n"));
        String older = String.join("\n", lines.subList(0, 3)) + "\n";
        String newer = String.join("\n", lines.subList(3, lines.size())) + "\n"
                + "Nov 15 00:10:00 mx1 postfix/smtp[1010]: 6D7E8F9A0B: to=<pat@slow.example>,"
                + " relay=mx.slow.example[198.51.100.5]:25, delay=4200, delays=4170/0/1/29, dsn=2.0.0,"
                + " status=sent (250 2.0.0 Ok: queued as 5511)\n"
                + "Nov 15 00:10:00 mx1 postfix/qmgr[822]: 6D7E8F9A0B: removed\n";

        TraceResult result = trace(List.of(older, newer), queueId("6D7E8F9A0B"));

        MessageTrace m = result.messages().get(0);
        assertThat(result.messages()).hasSize(1);
        assertThat(m.state()).isEqualTo("done");
        assertThat(m.origin()).isEqualTo("smtpd");
        assertThat(m.rawLines()).hasSize(7);
        assertThat(m.recipients())
                .extracting(RecipientTrace::recipient, RecipientTrace::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("oscar@example.org", "sent"),
                        org.assertj.core.groups.Tuple.tuple("pat@slow.example", "sent"));
    }

    @Test
    void should_say_a_still_queued_message_is_being_retried() throws Exception {
        TraceResult result = trace(List.of(scenario("10_still_queued.log")), recipient("pat@slow.example"));

        MessageTrace m = result.messages().get(0);
        assertThat(m.state()).isEqualTo("open");
        assertThat(m.explanation())
                .anySatisfy(e -> assertThat(e)
                        .startsWith("pat@slow.example: not delivered yet")
                        .contains("still in the queue")
                        .contains("Connection timed out"));
    }

    @Test
    void should_explain_a_reject_before_queueing_without_a_message() throws Exception {
        TraceResult result = trace(List.of(scenario("08_prequeue_rejects.log")), recipient("user@remote.example.org"));

        assertThat(result.messages()).isEmpty();
        assertThat(result.rejects()).singleElement().satisfies(r -> {
            assertThat(r.clientIp()).isEqualTo("203.0.113.9");
            assertThat(r.smtpCode()).isEqualTo(554);
            assertThat(r.explanation()).contains("Relay access denied").contains("no bounce");
        });
    }
}
