package io.postfixinsights.trace;

import io.postfixinsights.analyse.MessageTrace;
import io.postfixinsights.analyse.MessageTrace.AttemptTrace;
import io.postfixinsights.analyse.MessageTrace.RecipientTrace;
import io.postfixinsights.store.Sql;
import io.postfixinsights.store.Sql.Params;
import io.postfixinsights.trace.TraceResult.RejectTrace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers "what happened to this mail?" from the stored history, without re-reading any log: finds the messages and
 * pre-queue rejects matching a {@link TraceQuery} and assembles each message's timeline with its linked copies and
 * notifications.
 */
public final class Tracer {

    /** Links are followed this deep: original, content-filter copy, the copy's notification. */
    private static final int MAX_LINK_DEPTH = 3;

    private static final String SQL = "sql/trace/";

    private final Sql sql;
    private final Explainer explainer = new Explainer();

    public Tracer(Connection connection) {
        this.sql = new Sql(connection);
    }

    public TraceResult trace(TraceQuery query) throws SQLException {
        if (query.isEmpty()) {
            throw new IllegalArgumentException(
                    "a trace needs at least one of: queue ID, recipient, domain, sender," + " Message-ID, client IP");
        }
        Params common = Params.of("recipient", query.recipient())
                .and("domain", query.domain())
                .and("sender", query.sender())
                .and("client_ip", query.clientIp())
                .and("since", query.from())
                .and("until", query.to())
                .and("row_limit", query.limit());
        List<Long> found = sql.list(
                SQL + "find_messages.sql",
                common.and("queue_id", query.queueId()).and("message_id", query.messageId()),
                rs -> rs.getLong("msg_id"));
        List<RejectTrace> rejects = query.queueId() == null && query.messageId() == null
                ? sql.list(SQL + "find_rejects.sql", common, this::reject)
                : List.of();
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
        Params these = Params.of("msg_ids", ids);
        Map<Long, List<RecipientTrace>> recipients = new HashMap<>();
        for (Map.Entry<Long, RecipientTrace> r : sql.list(
                SQL + "recipients.sql",
                these,
                rs -> Map.entry(
                        rs.getLong("msg_id"),
                        new RecipientTrace(
                                rs.getString("recipient"),
                                rs.getString("orig_recipient"),
                                rs.getString("status"),
                                rs.getString("dsn"),
                                rs.getString("relay"),
                                rs.getString("reply"),
                                Sql.instant(rs, "final_at"),
                                rs.getInt("attempts"),
                                rs.getBoolean("via_filter"))))) {
            recipients.computeIfAbsent(r.getKey(), k -> new ArrayList<>()).add(r.getValue());
        }
        Map<Long, List<AttemptTrace>> attempts = new HashMap<>();
        for (Map.Entry<Long, AttemptTrace> a : sql.list(
                SQL + "attempts.sql",
                these,
                rs -> Map.entry(
                        rs.getLong("msg_id"),
                        new AttemptTrace(
                                rs.getString("recipient"),
                                Sql.instant(rs, "at"),
                                rs.getString("agent"),
                                rs.getString("relay_host"),
                                rs.getString("relay_ip"),
                                rs.getInt("relay_port"),
                                rs.getString("dsn"),
                                rs.getString("status"),
                                rs.getString("reply"),
                                rs.getString("queued_as"))))) {
            attempts.computeIfAbsent(a.getKey(), k -> new ArrayList<>()).add(a.getValue());
        }
        Map<Long, List<Long>> children = new HashMap<>();
        if (depth < MAX_LINK_DEPTH) {
            for (Map.Entry<Long, Long> c : sql.list(
                    SQL + "children.sql", these, rs -> Map.entry(rs.getLong("parent_msg_id"), rs.getLong("msg_id")))) {
                children.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(c.getValue());
            }
        }
        List<Long> childIds = children.values().stream().flatMap(List::stream).toList();
        Map<Long, MessageTrace> linkedById = load(childIds, depth + 1);
        for (MessageTrace bare : sql.list(SQL + "message.sql", these, rs -> {
            long id = rs.getLong("msg_id");
            String raw = rs.getString("raw_lines");
            List<MessageTrace> linked = new ArrayList<>();
            for (long child : children.getOrDefault(id, List.of())) {
                linked.add(linkedById.get(child));
            }
            return new MessageTrace(
                    id,
                    rs.getString("host"),
                    rs.getString("instance"),
                    rs.getString("queue_id"),
                    Sql.instant(rs, "first_at"),
                    Sql.instant(rs, "last_at"),
                    rs.getString("state"),
                    rs.getString("origin"),
                    rs.getString("client_host"),
                    rs.getString("client_ip"),
                    rs.getString("sasl_user"),
                    rs.getString("message_id"),
                    rs.getString("sender"),
                    rs.getLong("size"),
                    rs.getString("cleanup_action"),
                    rs.getBoolean("probe"),
                    rs.getString("link_kind"),
                    rs.getString("notification_kind"),
                    recipients.getOrDefault(id, List.of()),
                    attempts.getOrDefault(id, List.of()),
                    raw == null || raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\n")),
                    linked,
                    List.of());
        })) {
            out.put(bare.msgId(), bare.withExplanation(explainer.explain(bare)));
        }
        return out;
    }

    private RejectTrace reject(ResultSet rs) throws SQLException {
        RejectTrace bare = new RejectTrace(
                Sql.instant(rs, "at"),
                rs.getString("host"),
                rs.getString("daemon"),
                rs.getString("kind"),
                rs.getString("stage"),
                rs.getString("client_host"),
                rs.getString("client_ip"),
                rs.getInt("smtp_code"),
                rs.getString("dsn"),
                rs.getString("reason"),
                rs.getString("sender"),
                rs.getString("recipient"),
                rs.getString("helo"),
                rs.getString("raw_line"),
                null);
        return bare.withExplanation(explainer.explain(bare));
    }
}
