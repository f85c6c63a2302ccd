package io.postfixinsights.store;

import static io.postfixinsights.store.Messages.count;
import static io.postfixinsights.store.Messages.message;
import static io.postfixinsights.store.Messages.sent;
import static io.postfixinsights.store.Messages.simple;
import static io.postfixinsights.store.Messages.string;
import static io.postfixinsights.store.Messages.toFilter;
import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.correlate.Attempt;
import io.postfixinsights.correlate.MessageRecord;
import io.postfixinsights.correlate.MessageState;
import io.postfixinsights.correlate.Notification;
import io.postfixinsights.correlate.Origin;
import io.postfixinsights.correlate.Recipient;
import io.postfixinsights.correlate.RecipientStatus;
import io.postfixinsights.correlate.RejectRecord;
import io.postfixinsights.parse.DeliveryStatus;
import io.postfixinsights.parse.NotificationKind;
import io.postfixinsights.parse.PostfixEvent.Reject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestWriterTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private Database db;
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(dir.resolve("insights.duckdb"));
        c = db.connection();
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    private void writeRun(MessageRecord... messages) throws SQLException {
        try (IngestWriter w = new IngestWriter(db)) {
            for (MessageRecord m : messages) {
                w.write(m);
            }
            w.commit();
        }
    }

    private static MessageRecord full(MessageState state) {
        List<Recipient> recipients = List.of(
                new Recipient(
                        "Bob@Example.ORG",
                        "bob.alias@example.org",
                        RecipientStatus.DEFERRED,
                        "4.7.1",
                        "mx.example.org[192.0.2.1]:25",
                        "451 4.7.1 try later",
                        T.plusSeconds(60),
                        2,
                        60.5),
                new Recipient(
                        "root",
                        null,
                        RecipientStatus.SENT,
                        "2.0.0",
                        "local",
                        "delivered to mailbox",
                        T.plusSeconds(1),
                        1,
                        -1));
        List<Attempt> attempts = List.of(
                new Attempt(
                        "Bob@Example.ORG",
                        T.plusSeconds(1),
                        "smtp",
                        "mx.example.org",
                        "192.0.2.1",
                        25,
                        "4.7.1",
                        DeliveryStatus.DEFERRED,
                        "451 4.7.1 try later",
                        1.25,
                        new double[] {0.1, 0.2, 0.3, 0.65},
                        null),
                new Attempt(
                        "root",
                        T.plusSeconds(1),
                        "local",
                        "local",
                        null,
                        -1,
                        "2.0.0",
                        DeliveryStatus.SENT,
                        "delivered to mailbox",
                        0.5,
                        null,
                        null),
                new Attempt(
                        "Bob@Example.ORG",
                        T.plusSeconds(60),
                        "smtp",
                        "mx.example.org",
                        "192.0.2.1",
                        25,
                        "4.7.1",
                        DeliveryStatus.DEFERRED,
                        "451 4.7.1 try later",
                        60.5,
                        new double[] {0.1, 59, 0.3, 1.1},
                        null));
        List<Notification> notifications = List.of(new Notification(T.plusSeconds(61), NotificationKind.DELAY, "D1"));
        return new MessageRecord(
                "mx1",
                "postfix-out",
                "ABC123",
                T,
                T.plusSeconds(61),
                state,
                Origin.PICKUP,
                null,
                null,
                "alice",
                "<m1@example.net>",
                "<>",
                -1,
                2,
                null,
                false,
                recipients,
                attempts,
                notifications,
                List.of("Nov 22 10:00:00 mx1 postfix-out/pickup[1]: ABC123: uid=0 from=<>", "second line"));
    }

    @Test
    void should_store_a_message_with_its_recipients_attempts_and_notifications() throws SQLException {
        writeRun(full(MessageState.DONE));

        assertThat(count(c, "SELECT count(*) FROM messages")).isEqualTo(1);
        assertThat(string(
                        c,
                        "SELECT concat_ws('|', msg_id, host, instance, queue_id, state, origin, sender, sasl_user,"
                                + " coalesce(size::VARCHAR, 'null'), nrcpt, probe) FROM messages"))
                .isEqualTo("1|mx1|postfix-out|ABC123|done|pickup||alice|null|2|false");
        assertThat(string(c, "SELECT raw_lines FROM messages"))
                .isEqualTo("Nov 22 10:00:00 mx1 postfix-out/pickup[1]: ABC123: uid=0 from=<>\nsecond line");
        assertThat(string(c, "SELECT epoch(first_at)::BIGINT FROM messages")).isEqualTo("" + T.getEpochSecond());
        assertThat(
                        string(
                                c,
                                "SELECT string_agg(concat_ws('|', recipient, domain, status, attempts,"
                                        + " coalesce(delay_s::VARCHAR, 'null'), via_filter), ';' ORDER BY recipient) FROM recipients"))
                .isEqualTo("Bob@Example.ORG|example.org|deferred|2|60.5|false;root||sent|1|null|false");
        assertThat(count(c, "SELECT count(*) FROM attempts WHERE msg_id = 1")).isEqualTo(3);
        assertThat(string(
                        c,
                        "SELECT concat_ws('|', status, relay_port, delay_before_qmgr, delay_in_qmgr,"
                                + " delay_connect, delay_transmit) FROM attempts WHERE epoch(attempts.at) = "
                                + (T.getEpochSecond() + 60)))
                .isEqualTo("deferred|25|0.1|59.0|0.3|1.1");
        assertThat(count(
                        c,
                        "SELECT count(*) FROM attempts WHERE agent = 'local' AND relay_port IS NULL"
                                + " AND delay_before_qmgr IS NULL"))
                .isEqualTo(1);
        assertThat(string(c, "SELECT concat_ws('|', kind, notification_queue_id) FROM notifications"))
                .isEqualTo("delay|D1");
    }

    @Test
    void should_store_a_reject() throws SQLException {
        Reject reject = new Reject(
                null,
                "reject",
                "RCPT",
                "unknown",
                "203.0.113.9",
                554,
                "5.7.1",
                "Relay access denied",
                "<>",
                "someone@Remote.ORG",
                "ESMTP",
                "spammer.example");
        try (IngestWriter w = new IngestWriter(db)) {
            w.write(new RejectRecord(T, "mx1", "smtpd", reject, "raw reject line"));
            w.commit();
        }

        assertThat(string(
                        c,
                        "SELECT concat_ws('|', host, daemon, kind, stage, client_ip, smtp_code, dsn, sender,"
                                + " recipient, helo, coalesce(queue_id, 'null'), raw_line) FROM rejects"))
                .isEqualTo("mx1|smtpd|reject|RCPT|203.0.113.9|554|5.7.1||someone@Remote.ORG|spammer.example|null|"
                        + "raw reject line");
    }

    @Test
    void should_leave_nothing_behind_when_the_run_is_rolled_back() throws SQLException {
        Ledger ledger = new Ledger(db);
        long runId = ledger.startRun(T);
        try (IngestWriter w = new IngestWriter(db)) {
            for (int i = 0; i < 3000; i++) {
                w.write(full(MessageState.DONE));
            }
            w.write(new RejectRecord(
                    T,
                    "mx1",
                    "smtpd",
                    new Reject(null, "reject", "RCPT", null, "203.0.113.9", 554, null, "no", null, null, null, null),
                    "raw"));
            w.writeLineKinds(runId, List.of(new LineKind("used", "smtp-delivery", 5, "x", "mail.log", 1)));
            ledger.finishRun(new RunSummary(runId, T.plusSeconds(5), 1, 5, 5, 0, 0, 0, 0));
            // no commit: close() rolls back
        }
        ledger.failRun(runId, T.plusSeconds(6), "parse exploded");

        for (String table : List.of("messages", "recipients", "attempts", "notifications", "rejects", "line_kinds")) {
            assertThat(count(c, "SELECT count(*) FROM " + table)).as(table).isZero();
        }
        assertThat(string(c, "SELECT concat_ws('|', status, error) FROM runs")).isEqualTo("failed|parse exploded");
    }

    @Test
    void should_carry_open_messages_over_to_the_next_run_and_count_them_once() throws SQLException {
        MessageRecord open = full(MessageState.OPEN);
        writeRun(open, simple("mx1", "DONE1", T));

        try (IngestWriter w = new IngestWriter(db)) {
            List<MessageRecord> loaded = w.loadOpenMessages();

            assertThat(loaded)
                    .singleElement()
                    .usingRecursiveComparison()
                    .withEqualsForType(java.util.Arrays::equals, double[].class)
                    .isEqualTo(new MessageRecord(
                            open.host(),
                            open.instance(),
                            open.queueId(),
                            open.firstSeen(),
                            open.lastSeen(),
                            MessageState.OPEN,
                            open.origin(),
                            null,
                            null,
                            "alice",
                            open.messageId(),
                            "",
                            -1,
                            2,
                            null,
                            false,
                            open.recipients(),
                            open.attempts(),
                            open.notifications(),
                            open.rawLines()));
            assertThat(count(c, "SELECT count(*) FROM messages")).isEqualTo(1); // only DONE1 left in this run
            assertThat(count(c, "SELECT count(*) FROM attempts")).isZero();

            MessageRecord m = loaded.get(0);
            w.write(new MessageRecord(
                    m.host(),
                    m.instance(),
                    m.queueId(),
                    m.firstSeen(),
                    T.plusSeconds(3600),
                    MessageState.DONE,
                    m.origin(),
                    null,
                    null,
                    m.saslUser(),
                    m.messageId(),
                    m.sender(),
                    m.size(),
                    m.nrcpt(),
                    null,
                    false,
                    m.recipients(),
                    m.attempts(),
                    m.notifications(),
                    m.rawLines()));
            w.commit();
        }

        assertThat(count(c, "SELECT count(*) FROM messages WHERE queue_id = 'ABC123'"))
                .isEqualTo(1);
        assertThat(string(c, "SELECT concat_ws('|', msg_id, state) FROM messages WHERE queue_id = 'ABC123'"))
                .isEqualTo("1|done"); // keeps its msg_id, so links to it hold
        assertThat(count(c, "SELECT count(*) FROM recipients")).isEqualTo(3);
        assertThat(count(c, "SELECT count(*) FROM attempts")).isEqualTo(3);
        try (IngestWriter w = new IngestWriter(db)) {
            assertThat(w.loadOpenMessages()).isEmpty();
        }
    }

    @Test
    void should_restore_open_messages_when_the_next_run_rolls_back() throws SQLException {
        writeRun(full(MessageState.OPEN));

        try (IngestWriter w = new IngestWriter(db)) {
            assertThat(w.loadOpenMessages()).hasSize(1);
        }

        assertThat(count(c, "SELECT count(*) FROM messages WHERE state = 'open'"))
                .isEqualTo(1);
        assertThat(count(c, "SELECT count(*) FROM attempts")).isEqualTo(3);
    }

    @Test
    void should_link_a_reinjected_copy_by_queue_id_host_and_time_despite_a_reused_queue_id() throws SQLException {
        Instant handOff = T.plusSeconds(5);
        MessageRecord parent = message(
                "mx1",
                "P1",
                T,
                MessageState.DONE,
                List.of(sent("bob@example.org", handOff)),
                List.of(toFilter("bob@example.org", handOff, "127.0.0.1", "127.0.0.1", "C1")),
                List.of());
        MessageRecord child = simple("mx1", "C1", handOff.minusSeconds(1));
        MessageRecord reusedLater = simple("mx1", "C1", handOff.plusSeconds(7200));
        MessageRecord otherHost = simple("mx2", "C1", handOff);
        MessageRecord viaRemoteRelay = message(
                "mx1",
                "P2",
                T,
                MessageState.DONE,
                List.of(sent("carol@example.org", handOff)),
                List.of(toFilter("carol@example.org", handOff, "relay.example.org", "192.0.2.7", "C2")),
                List.of());
        MessageRecord notReinjected = simple("mx1", "C2", handOff);

        writeRun(parent, child, reusedLater, otherHost, viaRemoteRelay, notReinjected);

        assertThat(string(
                        c,
                        "SELECT string_agg(concat_ws('|', queue_id, host, coalesce(parent_msg_id::VARCHAR, '-'),"
                                + " coalesce(link_kind, '-')), ';' ORDER BY msg_id) FROM messages"))
                .isEqualTo("P1|mx1|-|-;C1|mx1|1|reinjected;C1|mx1|-|-;C1|mx2|-|-;P2|mx1|-|-;C2|mx1|-|-");
        assertThat(string(
                        c,
                        "SELECT string_agg(concat_ws('|', msg_id, via_filter), ';' ORDER BY msg_id)"
                                + " FROM recipients WHERE msg_id IN (1, 5)"))
                .isEqualTo("1|true;5|false");
    }

    @Test
    void should_link_over_ipv6_loopback_and_localhost() throws SQLException {
        MessageRecord viaV6 = message(
                "mx1",
                "P1",
                T,
                MessageState.DONE,
                List.of(sent("a@example.org", T)),
                List.of(toFilter("a@example.org", T, "::1", "::1", "C1")),
                List.of());
        MessageRecord viaName = message(
                "mx1",
                "P2",
                T,
                MessageState.DONE,
                List.of(sent("b@example.org", T)),
                List.of(toFilter("b@example.org", T, "localhost", null, "C2")),
                List.of());

        writeRun(viaV6, viaName, simple("mx1", "C1", T), simple("mx1", "C2", T));

        assertThat(count(c, "SELECT count(*) FROM messages WHERE link_kind = 'reinjected'"))
                .isEqualTo(2);
    }

    @Test
    void should_link_a_notification_by_queue_id_and_time_despite_a_reused_queue_id() throws SQLException {
        Instant bounceAt = T.plusSeconds(30);
        MessageRecord original = message(
                "mx1",
                "O1",
                T,
                MessageState.DONE,
                List.of(),
                List.of(),
                List.of(new Notification(bounceAt, NotificationKind.NON_DELIVERY, "N1")));
        MessageRecord ndr = simple("mx1", "N1", bounceAt);
        MessageRecord reusedEarlier = simple("mx1", "N1", bounceAt.minusSeconds(3 * 3600));

        writeRun(original, ndr, reusedEarlier);

        assertThat(
                        string(
                                c,
                                "SELECT string_agg(concat_ws('|', msg_id, coalesce(parent_msg_id::VARCHAR, '-'),"
                                        + " coalesce(link_kind, '-'), coalesce(notification_kind, '-')), ';' ORDER BY msg_id) FROM messages"))
                .isEqualTo("1|-|-|-;2|1|notification|non_delivery;3|-|-|-");
    }

    @Test
    void should_link_messages_that_arrived_in_different_runs() throws SQLException {
        Instant handOff = T.plusSeconds(5);
        // run 1: the parent's attempt is logged, the child's lines are in the next file
        writeRun(message(
                "mx1",
                "P1",
                T,
                MessageState.DONE,
                List.of(sent("bob@example.org", handOff)),
                List.of(toFilter("bob@example.org", handOff, "127.0.0.1", "127.0.0.1", "C1")),
                List.of()));
        // run 2: the child, and a notification's child whose parent comes in run 3
        Instant bounceAt = T.plusSeconds(40);
        writeRun(simple("mx1", "C1", handOff.plusSeconds(1)), simple("mx1", "N1", bounceAt));
        writeRun(message(
                "mx1",
                "O1",
                T.plusSeconds(20),
                MessageState.DONE,
                List.of(),
                List.of(),
                List.of(new Notification(bounceAt, NotificationKind.DELAY, "N1"))));

        assertThat(string(c, "SELECT concat_ws('|', parent_msg_id, link_kind) FROM messages WHERE queue_id = 'C1'"))
                .isEqualTo("1|reinjected");
        assertThat(string(c, "SELECT via_filter FROM recipients WHERE msg_id = 1"))
                .isEqualTo("true");
        assertThat(string(
                        c,
                        "SELECT concat_ws('|', parent_msg_id, link_kind, notification_kind) FROM messages"
                                + " WHERE queue_id = 'N1'"))
                .isEqualTo("4|notification|delay");
    }

    @Test
    void should_relink_an_open_parent_written_again() throws SQLException {
        Instant handOff = T.plusSeconds(5);
        MessageRecord openParent = message(
                "mx1",
                "P1",
                T,
                MessageState.OPEN,
                List.of(sent("bob@example.org", handOff)),
                List.of(toFilter("bob@example.org", handOff, "127.0.0.1", "127.0.0.1", "C1")),
                List.of());
        writeRun(openParent, simple("mx1", "C1", handOff));
        assertThat(string(c, "SELECT via_filter FROM recipients WHERE msg_id = 1"))
                .isEqualTo("true");

        try (IngestWriter w = new IngestWriter(db)) {
            MessageRecord m = w.loadOpenMessages().get(0);
            w.write(new MessageRecord(
                    m.host(),
                    m.instance(),
                    m.queueId(),
                    m.firstSeen(),
                    m.lastSeen(),
                    MessageState.DONE,
                    m.origin(),
                    m.clientHost(),
                    m.clientIp(),
                    m.saslUser(),
                    m.messageId(),
                    m.sender(),
                    m.size(),
                    m.nrcpt(),
                    null,
                    false,
                    m.recipients(),
                    m.attempts(),
                    m.notifications(),
                    m.rawLines()));
            w.commit();
        }

        assertThat(string(c, "SELECT concat_ws('|', parent_msg_id, link_kind) FROM messages WHERE queue_id = 'C1'"))
                .isEqualTo("1|reinjected");
        assertThat(string(
                        c,
                        "SELECT concat_ws('|', state, via_filter) FROM recipients JOIN messages USING (msg_id)"
                                + " WHERE msg_id = 1"))
                .isEqualTo("done|true");
    }

    @Test
    void should_roll_up_and_delete_detail_older_than_the_retention() throws SQLException {
        Instant now = Instant.parse("2027-12-01T12:00:00Z");
        Instant old = Instant.parse("2026-10-01T08:00:00Z");
        MessageRecord oldDone = message(
                "mx1",
                "OLD1",
                old,
                MessageState.DONE,
                List.of(sent("a@Example.org", old), sent("b@example.org", old)),
                List.of(toFilter("a@example.org", old, "mx", "192.0.2.1", null)),
                List.of(new Notification(old, NotificationKind.SUCCESS, "X")));
        MessageRecord oldOpen = message("mx1", "OLD2", old, MessageState.OPEN, List.of(), List.of(), List.of());
        MessageRecord recent = simple("mx1", "NEW1", now.minus(Duration.ofDays(3)));
        try (IngestWriter w = new IngestWriter(db)) {
            w.write(oldDone);
            w.write(oldOpen);
            w.write(recent);
            w.write(new RejectRecord(
                    old,
                    "mx1",
                    "smtpd",
                    new Reject(
                            null,
                            "reject",
                            "RCPT",
                            null,
                            "203.0.113.9",
                            554,
                            null,
                            "no",
                            null,
                            "x@Spam.example",
                            null,
                            null),
                    "raw"));
            w.commit();
        }

        Instant cut = new Retention(db).prune(Duration.ofDays(365), now);

        assertThat(cut).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(string(c, "SELECT string_agg(queue_id, ',' ORDER BY queue_id) FROM messages"))
                .isEqualTo("NEW1,OLD2");
        assertThat(count(c, "SELECT count(*) FROM recipients")).isEqualTo(1);
        assertThat(count(c, "SELECT count(*) FROM attempts")).isZero();
        assertThat(count(c, "SELECT count(*) FROM notifications")).isZero();
        assertThat(count(c, "SELECT count(*) FROM rejects")).isZero();
        assertThat(string(
                        c,
                        "SELECT string_agg(concat_ws('|', day, metric, coalesce(domain, '-'), status, count),"
                                + " ';' ORDER BY metric, domain) FROM daily_rollups"))
                .isEqualTo("2026-10-01|messages|-|done|1;2026-10-01|recipients|example.org|sent|2;"
                        + "2026-10-01|rejects|spam.example|reject|1");
    }
}
