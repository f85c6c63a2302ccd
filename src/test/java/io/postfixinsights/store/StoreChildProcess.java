package io.postfixinsights.store;

import io.postfixinsights.correlate.MessageRecord;
import java.nio.file.Path;
import java.time.Instant;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Run by {@link StoreProcessIT} in a child JVM: holds the database or appends inside a transaction, says so on stdout,
 * then waits to be killed.
 *
 * <ul>
 *   <li>{@code hold FILE}: open the database and keep it open.
 *   <li>{@code writer FILE}: a run through {@link IngestWriter}, never committed.
 *   <li>{@code begin FILE} / {@code lazy FILE}: raw Appender rows after {@link Database#begin()}, or after only
 *       {@code setAutoCommit(false)} (the driver's lazy transaction start).
 * </ul>
 */
public final class StoreChildProcess {

    static final int ROWS = 10_000;

    private StoreChildProcess() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Database db = Database.open(Path.of(args[1]));
        switch (mode) {
            case "hold":
                break;
            case "writer":
                IngestWriter w = new IngestWriter(db);
                Instant t = Instant.parse("2026-11-22T10:00:00Z");
                for (int i = 0; i < ROWS; i++) {
                    MessageRecord m = Messages.simple("mx1", "Q" + i, t.plusSeconds(i));
                    w.write(m);
                }
                break;
            case "begin":
            case "lazy":
                DuckDBConnection c = db.connection();
                if (mode.equals("begin")) {
                    db.begin();
                } else {
                    c.setAutoCommit(false);
                }
                DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "notifications");
                for (int i = 0; i < ROWS; i++) {
                    a.beginRow()
                            .append((long) i)
                            .appendNull()
                            .append("delay")
                            .append("Q" + i)
                            .endRow();
                }
                a.flush();
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000); // the test kills us long before
        System.exit(3);
    }
}
