package io.postfixinsights.trace;

import io.postfixinsights.trace.TraceResult.AttemptTrace;
import io.postfixinsights.trace.TraceResult.MessageTrace;
import io.postfixinsights.trace.TraceResult.RecipientTrace;
import io.postfixinsights.trace.TraceResult.RejectTrace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answers "what happened to this mail?" from the stored history, without re-reading any log: finds the messages and
 * pre-queue rejects matching a {@link TraceQuery} and assembles each message's timeline with its linked copies and
 * notifications.
 */
public final class Tracer {

    /** Links are followed this deep: original, content-filter copy, the copy's notification. */
    private static final int MAX_LINK_DEPTH = 3;

    private final Connection connection;
    private final Explainer explainer = new Explainer();

    public Tracer(Connection connection) {
        this.connection = connection;
    }

    public TraceResult trace(TraceQuery query) throws SQLException {
        if (query.isEmpty()) {
            throw new IllegalArgumentException("a trace needs at least one of: queue ID, recipient, domain, sender,"
                    + " Message-ID, client IP");
        }
        List<MessageTrace> messages = new ArrayList<>();
        try (PreparedStatement find = connection.prepareStatement(sql("find_messages.sql"))) {
            bind(find, query.queueId(), query.recipient(), query.domain(), query.sender(), query.messageId(),
                    query.clientIp(), query.from(), query.to(), query.limit());
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    messages.add(message(rs.getLong(1), 0));
                }
            }
        }
        List<RejectTrace> rejects = new ArrayList<>();
        if (query.queueId() == null && query.messageId() == null) {
            try (PreparedStatement find = connection.prepareStatement(sql("find_rejects.sql"))) {
                bind(find, query.recipient(), query.domain(), query.sender(), query.clientIp(), query.from(),
                        query.to(), query.limit());
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        rejects.add(reject(rs));
                    }
                }
            }
        }
        return new TraceResult(messages, rejects);
    }

    /** One stored message with its timeline, linked copies and notifications, raw lines and explanation. */
    public MessageTrace message(long msgId) throws SQLException {
        return message(msgId, 0);
    }

    private MessageTrace message(long msgId, int depth) throws SQLException {
        List<RecipientTrace> recipients = new ArrayList<>();
        try (PreparedStatement ps = prepare("recipients.sql", msgId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                recipients.add(new RecipientTrace(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), instant(rs, 7), rs.getInt(8), rs.getBoolean(10)));
            }
        }
        List<AttemptTrace> attempts = new ArrayList<>();
        try (PreparedStatement ps = prepare("attempts.sql", msgId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                attempts.add(new AttemptTrace(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(11)));
            }
        }
        List<MessageTrace> linked = new ArrayList<>();
        if (depth < MAX_LINK_DEPTH) {
            List<Long> children = new ArrayList<>();
            try (PreparedStatement ps = prepare("children.sql", msgId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    children.add(rs.getLong(1));
                }
            }
            for (long child : children) {
                linked.add(message(child, depth + 1));
            }
        }
        try (PreparedStatement ps = prepare("message.sql", msgId); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("message " + msgId + " vanished while tracing");
            }
            String raw = rs.getString(21);
            MessageTrace bare = new MessageTrace(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    instant(rs, 5), instant(rs, 6), rs.getString(7), rs.getString(8), rs.getString(9),
                    rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getLong(14),
                    rs.getString(16), rs.getBoolean(17), rs.getString(19), rs.getString(20), recipients, attempts,
                    raw == null || raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\n")), linked, List.of());
            return bare.withExplanation(explainer.explain(bare));
        }
    }

    private RejectTrace reject(ResultSet rs) throws SQLException {
        RejectTrace bare = new RejectTrace(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), null);
        return bare.withExplanation(explainer.explain(bare));
    }

    private PreparedStatement prepare(String file, long msgId) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql(file));
        ps.setLong(1, msgId);
        return ps;
    }

    private static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (v instanceof Instant instant) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC));
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String sql(String file) {
        try (InputStream in = Tracer.class.getResourceAsStream("/sql/trace/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource sql/trace/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
