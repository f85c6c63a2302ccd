package io.postfixinsights.job;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads a DuckDB history file the jar left behind (read-only, after the process ended) as comparable text rows. */
final class DbContent {

    /** Every table but {@code runs}, without the columns naming a run; rows sorted. */
    static final Map<String, String> TABLES = tables();

    /**
     * What the history says happened, without any id: every recipient outcome, attempt, notification and reject,
     * each with its message's host, instance, queue ID and first time (and its parent's queue ID when linked).
     */
    static final Map<String, String> OUTCOMES = Map.of(
            "messages",
                    "SELECT m.host, m.instance, m.queue_id, m.first_at, m.last_at, m.state, m.origin,"
                            + " m.client_ip, m.sender, m.message_id, m.size, m.nrcpt, m.probe, m.link_kind,"
                            + " m.notification_kind, p.queue_id AS parent, m.raw_lines"
                            + " FROM messages m LEFT JOIN messages p ON p.msg_id = m.parent_msg_id ORDER BY ALL",
            "recipients",
                    "SELECT m.host, m.queue_id, m.first_at, r.recipient, r.orig_recipient, r.domain, r.status,"
                            + " r.dsn, r.relay, r.reply, r.final_at, r.attempts, r.delay_s, r.via_filter"
                            + " FROM recipients r JOIN messages m USING (msg_id) ORDER BY ALL",
            "attempts",
                    "SELECT m.host, m.queue_id, m.first_at, a.* EXCLUDE (msg_id)"
                            + " FROM attempts a JOIN messages m USING (msg_id) ORDER BY ALL",
            "notifications",
                    "SELECT m.host, m.queue_id, m.first_at, n.* EXCLUDE (msg_id)"
                            + " FROM notifications n JOIN messages m USING (msg_id) ORDER BY ALL",
            "rejects", "SELECT * FROM rejects ORDER BY ALL");

    private DbContent() {}

    private static Map<String, String> tables() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("ingested_files", "SELECT * EXCLUDE (run_id) FROM ingested_files ORDER BY ALL");
        for (String table :
                List.of("messages", "recipients", "attempts", "notifications", "rejects", "daily_rollups")) {
            t.put(table, "SELECT * FROM " + table + " ORDER BY ALL");
        }
        t.put("line_kinds", "SELECT * EXCLUDE (run_id) FROM line_kinds ORDER BY ALL");
        return Map.copyOf(t);
    }

    /** Runs each query and returns its rows as tab-separated text, by name. */
    static Map<String, List<String>> read(Path db, Map<String, String> queries) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = open(db);
                Statement st = c.createStatement()) {
            for (Map.Entry<String, String> q : queries.entrySet()) {
                out.put(q.getKey(), rows(st, q.getValue()));
            }
        }
        return out;
    }

    static List<String> rows(Path db, String sql) throws SQLException {
        try (Connection c = open(db);
                Statement st = c.createStatement()) {
            return rows(st, sql);
        }
    }

    private static List<String> rows(Statement st, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(i > 1 ? "\t" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static Connection open(Path db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath(), p);
    }
}
