package io.postfixinsights.store;

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
import io.postfixinsights.store.Sql.Params;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes one run in ONE transaction: messages with their recipients, attempts and notifications, rejects, line kinds
 * (and, through {@link Ledger}, the ledger rows on the same connection). {@link #commit()} links messages and commits;
 * {@link #close()} without a commit rolls everything back.
 *
 * <p>Rows go through DuckDB Appenders, one row per message, recipient, attempt, notification or reject (never per
 * line): the Appender is the throughput bottleneck. Appenders are created at the first write, after
 * {@link #loadOpenMessages()} has run its statements.
 */
public final class IngestWriter implements AutoCloseable {

    private static final String SQL = "sql/store/";

    static final String[] LINK_SCRIPTS = {
        "sql/store/link_reinjected.sql", "sql/store/mark_via_filter.sql", "sql/store/link_notifications.sql"
    };

    /** How far before the earliest message written this run the linking looks for partners. */
    private static final Duration LINK_LOOKBACK = Duration.ofHours(1);

    private final Database db;
    private final DuckDBConnection connection;
    private final Map<String, Long> reloadedIds = new HashMap<>();
    private long nextMsgId;
    private Instant earliestWritten;
    private DuckDBAppender messages;
    private DuckDBAppender recipients;
    private DuckDBAppender attempts;
    private DuckDBAppender notifications;
    private DuckDBAppender rejects;
    private DuckDBAppender lineKinds;
    private boolean done;

    /** Begins the run's transaction. */
    public IngestWriter(Database db) throws SQLException {
        this.db = db;
        this.connection = db.connection();
        db.begin();
        this.nextMsgId = db.nextId("messages", "msg_id");
    }

    /**
     * Reads back the messages a previous run left OPEN, with their recipients, attempts, notifications and raw
     * lines, and deletes their rows in this transaction: the correlator completes them and they are written again
     * (keeping their msg_id, so links to them hold), counted once.
     */
    public List<MessageRecord> loadOpenMessages() throws SQLException {
        if (messages != null) {
            throw new IllegalStateException("load open messages before writing");
        }
        Sql sql = db.sql();
        Map<Long, OpenMessage> open = new LinkedHashMap<>();
        for (OpenMessage m : sql.list(SQL + "open_messages.sql", Params.none(), OpenMessage::new)) {
            open.put(m.msgId, m);
        }
        for (Map.Entry<Long, Recipient> r : sql.list(
                SQL + "open_recipients.sql",
                Params.none(),
                rs -> Map.entry(
                        rs.getLong("msg_id"),
                        new Recipient(
                                rs.getString("recipient"),
                                rs.getString("orig_recipient"),
                                RecipientStatus.valueOf(upper(rs.getString("status"))),
                                rs.getString("dsn"),
                                rs.getString("relay"),
                                rs.getString("reply"),
                                Sql.instant(rs, "final_at"),
                                rs.getInt("attempts"),
                                orMinusOne(rs, "delay_s"))))) {
            open.get(r.getKey()).recipients.add(r.getValue());
        }
        for (Map.Entry<Long, Attempt> a : sql.list(SQL + "open_attempts.sql", Params.none(), rs -> {
            double[] delays = rs.getObject("delay_before_qmgr") == null
                    ? null
                    : new double[] {
                        rs.getDouble("delay_before_qmgr"),
                        rs.getDouble("delay_in_qmgr"),
                        rs.getDouble("delay_connect"),
                        rs.getDouble("delay_transmit")
                    };
            int port = rs.getObject("relay_port") == null ? -1 : rs.getInt("relay_port");
            return Map.entry(
                    rs.getLong("msg_id"),
                    new Attempt(
                            rs.getString("recipient"),
                            Sql.instant(rs, "at"),
                            rs.getString("agent"),
                            rs.getString("relay_host"),
                            rs.getString("relay_ip"),
                            port,
                            rs.getString("dsn"),
                            DeliveryStatus.valueOf(upper(rs.getString("status"))),
                            rs.getString("reply"),
                            orMinusOne(rs, "delay_s"),
                            delays,
                            rs.getString("queued_as")));
        })) {
            open.get(a.getKey()).attempts.add(a.getValue());
        }
        for (Map.Entry<Long, Notification> n : sql.list(
                SQL + "open_notifications.sql",
                Params.none(),
                rs -> Map.entry(
                        rs.getLong("msg_id"),
                        new Notification(
                                Sql.instant(rs, "at"),
                                NotificationKind.valueOf(upper(rs.getString("kind"))),
                                rs.getString("notification_queue_id"))))) {
            open.get(n.getKey()).notifications.add(n.getValue());
        }
        sql.run(SQL + "delete_open_messages.sql", Params.none());
        List<MessageRecord> out = new ArrayList<>(open.size());
        open.forEach((id, m) -> {
            MessageRecord record = m.toRecord();
            reloadedIds.put(identity(record), id);
            out.add(record);
        });
        return out;
    }

    /** Appends a message with its recipients, attempts and notifications. */
    public void write(MessageRecord m) throws SQLException {
        openAppenders();
        Checkpoints.reached("ingest");
        // Most runs reload few or no messages: skip building the identity string (an Instant.toString) per message.
        Long reloaded = reloadedIds.isEmpty() ? null : reloadedIds.remove(identity(m));
        long id = reloaded != null ? reloaded : nextMsgId++;
        if (m.firstSeen() != null && (earliestWritten == null || m.firstSeen().isBefore(earliestWritten))) {
            earliestWritten = m.firstSeen();
        }
        messages.beginRow().append(id);
        str(messages, m.host());
        str(messages, m.instance());
        str(messages, m.queueId());
        time(messages, m.firstSeen());
        time(messages, m.lastSeen());
        str(messages, lower(m.state()));
        str(messages, lower(m.origin()));
        str(messages, m.clientHost());
        str(messages, m.clientIp());
        str(messages, m.saslUser());
        str(messages, m.messageId());
        str(messages, sender(m.sender()));
        num(messages, m.size());
        integer(messages, m.nrcpt());
        str(messages, m.cleanupAction());
        messages.append(m.probe());
        messages.appendNull().appendNull().appendNull(); // parent_msg_id, link_kind, notification_kind: linking
        str(messages, String.join("\n", m.rawLines()));
        messages.endRow();
        for (Recipient r : m.recipients()) {
            recipients.beginRow().append(id);
            str(recipients, r.address());
            str(recipients, r.origAddress());
            str(recipients, domain(r.address()));
            str(recipients, lower(r.status()));
            str(recipients, r.dsn());
            str(recipients, r.relay());
            str(recipients, r.reply());
            time(recipients, r.finalAt());
            recipients.append(r.attempts());
            dbl(recipients, r.delay());
            recipients.append(false);
            recipients.endRow();
        }
        for (Attempt a : m.attempts()) {
            attempts.beginRow().append(id);
            str(attempts, a.recipient());
            time(attempts, a.at());
            str(attempts, a.agent());
            str(attempts, a.relayHost());
            str(attempts, a.relayIp());
            integer(attempts, a.relayPort());
            str(attempts, a.dsn());
            str(attempts, lower(a.status()));
            str(attempts, a.reply());
            dbl(attempts, a.delay());
            double[] d = a.delays() != null && a.delays().length == 4 ? a.delays() : null;
            for (int i = 0; i < 4; i++) {
                if (d == null) {
                    attempts.appendNull();
                } else {
                    attempts.append(d[i]);
                }
            }
            str(attempts, a.queuedAs());
            attempts.endRow();
        }
        for (Notification n : m.notifications()) {
            notifications.beginRow().append(id);
            time(notifications, n.at());
            str(notifications, lower(n.kind()));
            str(notifications, n.queueId());
            notifications.endRow();
        }
    }

    public void write(RejectRecord r) throws SQLException {
        openAppenders();
        Reject j = r.reject();
        rejects.beginRow();
        time(rejects, r.at());
        str(rejects, r.host());
        str(rejects, r.daemon());
        str(rejects, j.kind());
        str(rejects, j.stage());
        str(rejects, j.clientHost());
        str(rejects, j.clientIp());
        integer(rejects, j.smtpCode());
        str(rejects, j.dsn());
        str(rejects, j.reason());
        str(rejects, sender(j.from()));
        str(rejects, j.to());
        str(rejects, j.helo());
        str(rejects, j.queueId());
        str(rejects, r.rawLine());
        rejects.endRow();
    }

    /** Writes the run's line counts (a few dozen rows). */
    public void writeLineKinds(long runId, List<LineKind> kinds) throws SQLException {
        openAppenders();
        for (LineKind k : kinds) {
            lineKinds.beginRow().append(runId);
            str(lineKinds, k.category());
            str(lineKinds, k.kind());
            lineKinds.append(k.lines());
            str(lineKinds, k.sample());
            str(lineKinds, k.sampleFile());
            num(lineKinds, k.sampleLine());
            lineKinds.endRow();
        }
    }

    /** Flushes the rows, links messages (re-injection, notifications) and commits the whole run. */
    public void commit() throws SQLException {
        closeAppenders();
        if (earliestWritten != null) {
            Params since = Params.of("link_since", earliestWritten.minus(LINK_LOOKBACK));
            for (String script : LINK_SCRIPTS) {
                db.sql().run(script, since);
            }
        }
        Checkpoints.reached("commit");
        db.commit();
        done = true;
    }

    /** Rolls back unless {@link #commit()} succeeded. */
    @Override
    public void close() throws SQLException {
        if (done) {
            return;
        }
        done = true;
        try {
            closeAppenders();
        } catch (SQLException ignored) {
            // the rollback below discards whatever the appenders held
        } finally {
            db.rollback();
        }
    }

    private void openAppenders() throws SQLException {
        if (messages == null) {
            messages = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "messages");
            recipients = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "recipients");
            attempts = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "attempts");
            notifications = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "notifications");
            rejects = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "rejects");
            lineKinds = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "line_kinds");
        }
    }

    private void closeAppenders() throws SQLException {
        SQLException first = null;
        for (DuckDBAppender a : Arrays.asList(messages, recipients, attempts, notifications, rejects, lineKinds)) {
            if (a == null) {
                continue;
            }
            try {
                a.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        messages = recipients = attempts = notifications = rejects = lineKinds = null;
        if (first != null) {
            throw first;
        }
    }

    /** A message's life is one queue ID on one host and instance from its first line. */
    private static String identity(MessageRecord m) {
        return m.host() + '\u0000' + m.instance() + '\u0000' + m.queueId() + '\u0000' + m.firstSeen();
    }

    /** The lower-cased part after the last '@', or '' for an address without one (a local user). */
    static String domain(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static String sender(String s) {
        return "<>".equals(s) ? "" : s;
    }

    private static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    private static double orMinusOne(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column) == null ? -1 : rs.getDouble(column);
    }

    private static void str(DuckDBAppender a, String s) throws SQLException {
        if (s == null) {
            a.appendNull();
        } else {
            a.append(s);
        }
    }

    private static void time(DuckDBAppender a, Instant t) throws SQLException {
        if (t == null) {
            a.appendNull();
        } else {
            a.appendEpochMicros(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
        }
    }

    /** -1 means absent in the records; NULL in the table so that SQL aggregates skip it. */
    private static void num(DuckDBAppender a, long n) throws SQLException {
        if (n < 0) {
            a.appendNull();
        } else {
            a.append(n);
        }
    }

    /** The Appender checks types strictly: INTEGER columns take an int. */
    private static void integer(DuckDBAppender a, int n) throws SQLException {
        if (n < 0) {
            a.appendNull();
        } else {
            a.append(n);
        }
    }

    private static void dbl(DuckDBAppender a, double d) throws SQLException {
        if (d < 0) {
            a.appendNull();
        } else {
            a.append(d);
        }
    }

    /** A message row read back, collecting its detail rows. */
    private static final class OpenMessage {
        private final long msgId;
        private final String host;
        private final String instance;
        private final String queueId;
        private final Instant firstAt;
        private final Instant lastAt;
        private final Origin origin;
        private final String clientHost;
        private final String clientIp;
        private final String saslUser;
        private final String messageId;
        private final String sender;
        private final long size;
        private final int nrcpt;
        private final String cleanupAction;
        private final boolean probe;
        private final String rawLines;
        private final List<Recipient> recipients = new ArrayList<>();
        private final List<Attempt> attempts = new ArrayList<>();
        private final List<Notification> notifications = new ArrayList<>();

        OpenMessage(ResultSet rs) throws SQLException {
            msgId = rs.getLong("msg_id");
            host = rs.getString("host");
            instance = rs.getString("instance");
            queueId = rs.getString("queue_id");
            firstAt = Sql.instant(rs, "first_at");
            lastAt = Sql.instant(rs, "last_at");
            String stored = rs.getString("origin");
            origin = stored == null ? Origin.UNKNOWN : Origin.valueOf(upper(stored));
            clientHost = rs.getString("client_host");
            clientIp = rs.getString("client_ip");
            saslUser = rs.getString("sasl_user");
            messageId = rs.getString("message_id");
            sender = rs.getString("sender");
            size = rs.getObject("size") == null ? -1 : rs.getLong("size");
            nrcpt = rs.getObject("nrcpt") == null ? -1 : rs.getInt("nrcpt");
            cleanupAction = rs.getString("cleanup_action");
            probe = rs.getBoolean("probe");
            rawLines = rs.getString("raw_lines");
        }

        MessageRecord toRecord() {
            List<String> lines = rawLines == null || rawLines.isEmpty() ? List.of() : List.of(rawLines.split("\n", -1));
            return new MessageRecord(
                    host,
                    instance,
                    queueId,
                    firstAt,
                    lastAt,
                    MessageState.OPEN,
                    origin,
                    clientHost,
                    clientIp,
                    saslUser,
                    messageId,
                    sender,
                    size,
                    nrcpt,
                    cleanupAction,
                    probe,
                    List.copyOf(recipients),
                    List.copyOf(attempts),
                    List.copyOf(notifications),
                    lines);
        }
    }
}
