package io.postfixinsights.analyse;

import io.postfixinsights.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real DuckDB file with the schema and small hand-written reference tables, filled by the tests with plain
 * INSERT statements.
 */
public final class TestDb implements AutoCloseable {
    private final Database database;
    private final Connection connection;
    private long nextId = 1_000_000;

    private TestDb(Database database) {
        this.database = database;
        this.connection = database.connection();
    }

    public static TestDb create(Path dir) throws SQLException, IOException {
        TestDb db = new TestDb(Database.open(dir.resolve("test.duckdb")));
        db.exec(
                "CREATE TABLE ref_providers(kind VARCHAR, pattern VARCHAR, provider VARCHAR)",
                "INSERT INTO ref_providers VALUES ('relay', 'google.com', 'Google'), ('domain', 'gmail.com', 'Google'),"
                        + " ('domain', 'yahoo.com', 'Yahoo'), ('relay', 'protection.outlook.com', 'Microsoft')",
                "CREATE TABLE ref_reply_rules(priority INTEGER, reason_class VARCHAR, pattern VARCHAR)",
                "INSERT INTO ref_reply_rules VALUES (10, 'authentication', 'dmarc|dkim|spf'),"
                        + " (20, 'rate-limited', 'rate limit|too many|try again later'),"
                        + " (30, 'policy', 'blocked|blacklist|spamhaus|reputation'),"
                        + " (40, 'unknown-mailbox', 'user unknown|no such user|does not exist'),"
                        + " (50, 'relay-denied', 'relay access denied')",
                "CREATE TABLE ref_dsn_codes(code VARCHAR, meaning VARCHAR, advice VARCHAR)",
                "INSERT INTO ref_dsn_codes VALUES ('5.1.1', 'Bad destination mailbox address', 'Remove the address'),"
                        + " ('4.7', 'Security or policy status (transient)', 'Slow down'),"
                        + " ('4', 'Persistent transient failure', 'Wait for the retry')",
                "CREATE TABLE ref_reason_classes(reason_class VARCHAR, label VARCHAR, advice VARCHAR)",
                "INSERT INTO ref_reason_classes VALUES ('relay-denied', 'Relay access denied', 'Normal for an MX'),"
                        + " ('policy', 'Policy or reputation', 'Check blocklists')",
                "CREATE TABLE ref_cluster_classes(cluster_class VARCHAR, label VARCHAR, advice VARCHAR)",
                "INSERT INTO ref_cluster_classes VALUES ('throttling', 'Throttling', 'Reduce the sending rate'),"
                        + " ('policy', 'Policy or reputation block', 'Check your IP reputation'),"
                        + " ('authentication', 'Authentication failure', 'Fix SPF, DKIM and DMARC alignment'),"
                        + " ('list-hygiene', 'List hygiene', 'Clean the recipient list')");
        return db;
    }

    public Connection connection() {
        return connection;
    }

    public TestDb exec(String... statements) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                if (!sql.replaceAll("--[^\\n]*", "").isBlank()) {
                    st.execute(sql);
                }
            }
        }
        return this;
    }

    /**
     * n messages with one recipient and one attempt each, every {@code spacing} seconds from {@code start} (UTC);
     * distinct recipients unless told otherwise.
     */
    public void traffic(
            int n,
            String domain,
            String relayHost,
            String start,
            int spacing,
            String status,
            String dsn,
            String reply,
            boolean distinctRecipients)
            throws SQLException {
        long first = nextId;
        nextId += n;
        String at = "TIMESTAMPTZ '" + start + "+00' + to_seconds((i - " + first + ") * " + spacing + ")";
        String rcpt = distinctRecipients ? "'u' || i || '@" + domain + "'" : "'same@" + domain + "'";
        exec(
                "INSERT INTO messages (msg_id, first_at, state, origin, sender, probe) SELECT i, " + at
                        + ", 'done', 'smtpd', 'news@our.test', false FROM range(" + first + ", " + nextId + ") t(i)",
                "INSERT INTO recipients (msg_id, recipient, domain, status, dsn, relay, reply, final_at, via_filter)"
                        + " SELECT i, " + rcpt + ", '" + domain + "', '" + status + "', '" + dsn + "', '" + relayHost
                        + "[192.0.2.1]:25', '" + reply + "', " + at + ", false FROM range(" + first + ", " + nextId
                        + ") t(i)",
                "INSERT INTO attempts (msg_id, recipient, \"at\", agent, relay_host, dsn, status, reply) SELECT i, "
                        + rcpt + ", " + at + ", 'smtp', '" + relayHost + "', '" + dsn + "', '" + status + "', '"
                        + reply + " <' || i || '@" + domain + ">' FROM range(" + first + ", " + nextId + ") t(i)");
    }

    /** One message to one recipient, attempted n times every {@code spacing} seconds from {@code start} (UTC). */
    public void retried(
            int n,
            String recipient,
            String relayHost,
            String start,
            int spacing,
            String status,
            String dsn,
            String reply)
            throws SQLException {
        long id = nextId++;
        String domain = recipient.substring(recipient.indexOf('@') + 1);
        String at = "TIMESTAMPTZ '" + start + "+00' + to_seconds(i * " + spacing + ")";
        exec(
                "INSERT INTO messages (msg_id, first_at, state, origin, sender, probe) VALUES (" + id
                        + ", TIMESTAMPTZ '" + start + "+00', 'open', 'smtpd', 'news@our.test', false)",
                "INSERT INTO recipients (msg_id, recipient, domain, status, dsn, relay, reply, final_at, via_filter)"
                        + " VALUES (" + id + ", '" + recipient + "', '" + domain + "', '" + status + "', '" + dsn
                        + "', '" + relayHost + "[192.0.2.1]:25', '" + reply + "', TIMESTAMPTZ '" + start
                        + "+00' + to_seconds(" + (n - 1) * spacing + "), false)",
                "INSERT INTO attempts (msg_id, recipient, \"at\", agent, relay_host, dsn, status, reply) SELECT " + id
                        + ", '" + recipient + "', " + at + ", 'smtp', '" + relayHost + "', '" + dsn + "', '" + status
                        + "', '" + reply + "' FROM range(0, " + n + ") t(i)");
    }

    @Override
    public void close() throws SQLException {
        database.close();
    }
}
