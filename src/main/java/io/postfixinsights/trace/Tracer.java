package io.postfixinsights.trace;

import io.postfixinsights.store.SqlScript;
import io.postfixinsights.trace.TraceResult.AttemptTrace;
import io.postfixinsights.trace.TraceResult.MessageTrace;
import io.postfixinsights.trace.TraceResult.RecipientTrace;
import io.postfixinsights.trace.TraceResult.RejectTrace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
            throw new IllegalArgumentException(
                    "a trace needs at least one of: queue ID, recipient, domain, sender," + " Message-ID, client IP");
        }
        List<Long> found = new ArrayList<>();
        try (PreparedStatement find = connection.prepareStatement(sql("find_messages.sql"))) {
            bind(
                    find,
                    query.queueId(),
                    query.recipient(),
                    query.domain(),
                    query.sender(),
                    query.messageId(),
                    query.clientIp(),
                    query.from(),
                    query.to(),
                    query.limit());
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
        }
        List<RejectTrace> rejects = new ArrayList<>();
        if (query.queueId() == null && query.messageId() == null) {
            try (PreparedStatement find = connection.prepareStatement(sql("find_rejects.sql"))) {
                bind(
                        find,
                        query.recipient(),
                        query.domain(),
                        query.sender(),
                        query.clientIp(),
                        query.from(),
                        query.to(),
                        query.limit());
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        rejects.add(reject(rs));
                    }
                }
            }
        }
        return new TraceResult(messages(found), rejects);
    }

    /**
     * Loads messages with their timelines and linked messages, in the order of {@code ids}. Each table is read once
     * for all of them, not once per message: the report renders hundreds of message pages from one call.
     */
    public List<MessageTrace> messages(Collection<Long> ids) throws SQLException {
        Map<Long, MessageTrace> loaded = load(new ArrayList<>(ids), 0);
        List<MessageTrace> ordered = new ArrayList<>(ids.size());
        for (long id : ids) {
            MessageTrace m = loaded.get(id);
            if (m == null) {
                throw new IllegalStateException("message " + id + " is not in the history");
            }
            ordered.add(m);
        }
        return ordered;
    }

    private Map<Long, MessageTrace> load(List<Long> ids, int depth) throws SQLException {
        Map<Long, MessageTrace> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        String idList = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        Map<Long, List<RecipientTrace>> recipients = new HashMap<>();
        query(
                "recipients.sql",
                idList,
                rs -> recipients
                        .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new RecipientTrace(
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                instant(rs, 8),
                                rs.getInt(9),
                                rs.getBoolean(11))));
        Map<Long, List<AttemptTrace>> attempts = new HashMap<>();
        query(
                "attempts.sql",
                idList,
                rs -> attempts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new AttemptTrace(
                                rs.getString(2),
                                instant(rs, 3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getInt(7),
                                rs.getString(8),
                                rs.getString(9),
                                rs.getString(10),
                                rs.getString(12))));
        Map<Long, List<Long>> children = new HashMap<>();
        if (depth < MAX_LINK_DEPTH) {
            query(
                    "children.sql",
                    idList,
                    rs -> children.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(rs.getLong(2)));
        }
        List<Long> childIds = children.values().stream().flatMap(List::stream).toList();
        Map<Long, MessageTrace> linkedById = load(childIds, depth + 1);
        query("message.sql", idList, rs -> {
            long id = rs.getLong(1);
            String raw = rs.getString(21);
            List<MessageTrace> linked = new ArrayList<>();
            for (long child : children.getOrDefault(id, List.of())) {
                linked.add(linkedById.get(child));
            }
            MessageTrace bare = new MessageTrace(
                    id,
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    instant(rs, 5),
                    instant(rs, 6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getString(9),
                    rs.getString(10),
                    rs.getString(11),
                    rs.getString(12),
                    rs.getString(13),
                    rs.getLong(14),
                    rs.getString(16),
                    rs.getBoolean(17),
                    rs.getString(19),
                    rs.getString(20),
                    recipients.getOrDefault(id, List.of()),
                    attempts.getOrDefault(id, List.of()),
                    raw == null || raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\n")),
                    linked,
                    List.of());
            out.put(id, bare.withExplanation(explainer.explain(bare)));
        });
        return out;
    }

    /** A row handler that may fail like JDBC does. */
    @FunctionalInterface
    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Runs a trace SQL file over a list of ids (numbers only, so they can stand in the text). */
    private void query(String file, String idList, Row row) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql(file).replace("$ids", idList))) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }

    private RejectTrace reject(ResultSet rs) throws SQLException {
        RejectTrace bare = new RejectTrace(
                instant(rs, 1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getInt(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                null);
        return bare.withExplanation(explainer.explain(bare));
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
        return SqlScript.text("sql/trace/" + file);
    }
}
