package io.postfixinsights.store;

import io.postfixinsights.correlate.Attempt;
import io.postfixinsights.correlate.MessageRecord;
import io.postfixinsights.correlate.MessageState;
import io.postfixinsights.correlate.Notification;
import io.postfixinsights.correlate.Origin;
import io.postfixinsights.correlate.Recipient;
import io.postfixinsights.correlate.RecipientStatus;
import io.postfixinsights.parse.DeliveryStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/** Hand-built records and small SQL helpers for the store tests. */
final class Messages {

    private Messages() {}

    static MessageRecord message(
            String host,
            String queueId,
            Instant first,
            MessageState state,
            List<Recipient> recipients,
            List<Attempt> attempts,
            List<Notification> notifications) {
        return new MessageRecord(
                host,
                "postfix",
                queueId,
                first,
                first.plusSeconds(2),
                state,
                Origin.SMTPD,
                "client.example.net",
                "203.0.113.9",
                null,
                "<id-" + queueId + "@example.net>",
                "alice@example.net",
                1234,
                recipients.size(),
                null,
                false,
                recipients,
                attempts,
                notifications,
                List.of("line one of " + queueId, "line two of " + queueId));
    }

    static MessageRecord simple(String host, String queueId, Instant first) {
        return message(
                host, queueId, first, MessageState.DONE, List.of(sent("bob@example.org", first)), List.of(), List.of());
    }

    static Recipient sent(String address, Instant at) {
        return new Recipient(
                address, null, RecipientStatus.SENT, "2.0.0", "mx.example.org[192.0.2.1]:25", "250 ok", at, 1, 1.5);
    }

    /** A "sent" attempt to a local content filter that re-injected the message as {@code queuedAs}. */
    static Attempt toFilter(String recipient, Instant at, String relayHost, String relayIp, String queuedAs) {
        return new Attempt(
                recipient,
                at,
                "smtp",
                relayHost,
                relayIp,
                10024,
                "2.0.0",
                DeliveryStatus.SENT,
                "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as " + queuedAs,
                0.8,
                new double[] {0.1, 0, 0.2, 0.5},
                queuedAs);
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String string(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
