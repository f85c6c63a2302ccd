package io.postfixinsights.store;

import io.postfixinsights.source.Fingerprint;
import io.postfixinsights.source.LogFile;
import io.postfixinsights.source.ReadResult;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The ingestion ledger ({@code ingested_files}) and the {@code runs} rows.
 *
 * <p>Use: {@link #startRun} (committed at once, so a failed run stays visible), {@link #plan} the found files,
 * then, inside the run's transaction, {@link #recordConsumption} per file read and {@link #finishRun}; after a
 * rollback, {@link #failRun}.
 */
public final class Ledger {

    private final Database db;

    public Ledger(Database db) {
        this.db = db;
    }

    /** A ledger row as stored. */
    public record KnownFile(
            long fileId,
            Fingerprint fingerprint,
            String path,
            String compression,
            long bytesConsumed,
            long linesConsumed,
            boolean complete,
            boolean truncated,
            Instant firstAt,
            Instant lastAt) {}

    /**
     * Inserts a {@code running} row and returns its id. Call outside the run's transaction, holding the database.
     * A row still {@code running} then belongs to a run whose process died (kill -9, power loss, out of memory)
     * before it could record its end: it is marked failed, so that the report counts it.
     */
    public long startRun(Instant startedAt) throws SQLException {
        try (Statement st = db.connection().createStatement()) {
            st.executeUpdate("UPDATE runs SET status = 'failed', error = 'interrupted: the process ended before the"
                    + " run finished (killed, crashed or out of memory)' WHERE status = 'running'");
        }
        long runId = db.nextId("runs", "run_id");
        try (PreparedStatement ps = db.connection()
                .prepareStatement("INSERT INTO runs (run_id, started_at, status) VALUES (?, ?, 'running')")) {
            ps.setLong(1, runId);
            Jdbc.setInstant(ps, 2, startedAt);
            ps.executeUpdate();
        }
        return runId;
    }

    public void finishRun(RunSummary s) throws SQLException {
        try (PreparedStatement ps = db.connection()
                .prepareStatement(
                        "UPDATE runs SET finished_at = ?, status = 'completed', files_read = ?, lines_read = ?, lines_used = ?,"
                                + " lines_noise = ?, lines_other = ?, lines_unrecognised = ?, messages_open = ?, error = NULL"
                                + " WHERE run_id = ?")) {
            Jdbc.setInstant(ps, 1, s.finishedAt());
            ps.setInt(2, s.filesRead());
            ps.setLong(3, s.linesRead());
            ps.setLong(4, s.linesUsed());
            ps.setLong(5, s.linesNoise());
            ps.setLong(6, s.linesOther());
            ps.setLong(7, s.linesUnrecognised());
            ps.setLong(8, s.messagesOpen());
            ps.setLong(9, s.runId());
            ps.executeUpdate();
        }
    }

    /** Marks the run failed; call after the run's transaction was rolled back. */
    public void failRun(long runId, Instant finishedAt, String error) throws SQLException {
        try (PreparedStatement ps = db.connection()
                .prepareStatement("UPDATE runs SET finished_at = ?, status = 'failed', error = ? WHERE run_id = ?")) {
            Jdbc.setInstant(ps, 1, finishedAt);
            ps.setString(2, error);
            ps.setLong(3, runId);
            ps.executeUpdate();
        }
    }

    public List<KnownFile> knownFiles() throws SQLException {
        List<KnownFile> out = new ArrayList<>();
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT file_id, fingerprint, path, compression, bytes_consumed,"
                        + " lines_consumed, complete, truncated, first_at, last_at FROM ingested_files")) {
            while (rs.next()) {
                out.add(new KnownFile(
                        rs.getLong(1),
                        Fingerprint.parse(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getBoolean(7),
                        rs.getBoolean(8),
                        Jdbc.instant(rs, 9),
                        Jdbc.instant(rs, 10)));
            }
        }
        return out;
    }

    /**
     * Decides for each found file (in the given order, oldest first) whether and where to read it. New files get
     * ids from max+1; the same content met twice in one run is read once.
     */
    public List<FilePlan> plan(List<LogFile> files) throws SQLException {
        List<KnownFile> known = new ArrayList<>(knownFiles());
        // the newest row wins when a fingerprint repeats (a copytruncated file that restarted with the same head)
        known.sort(Comparator.comparingLong(KnownFile::fileId).reversed());
        long nextFileId = db.nextId("ingested_files", "file_id");
        List<FilePlan> plans = new ArrayList<>();
        List<byte[]> headsThisRun = new ArrayList<>();
        List<LogFile> filesThisRun = new ArrayList<>();
        for (LogFile file : files) {
            byte[] head;
            try {
                head = Fingerprint.readHead(file);
            } catch (IOException e) {
                plans.add(new FilePlan(
                        file,
                        null,
                        FilePlan.Action.UNREADABLE,
                        -1,
                        0,
                        0,
                        false,
                        "cannot read " + file.path() + ": " + e.getMessage()));
                continue;
            }
            Fingerprint fp = Fingerprint.of(head);
            if (head.length == 0) {
                plans.add(new FilePlan(file, fp, FilePlan.Action.SKIP, -1, 0, 0, false, "empty"));
                continue;
            }
            int twin = sameContent(head, headsThisRun);
            if (twin >= 0) {
                plans.add(new FilePlan(
                        file,
                        fp,
                        FilePlan.Action.SKIP,
                        -1,
                        0,
                        0,
                        false,
                        "same content as " + filesThisRun.get(twin).path()));
                continue;
            }
            headsThisRun.add(head);
            filesThisRun.add(file);
            KnownFile match = known.stream()
                    .filter(k -> k.fingerprint().continues(head))
                    .findFirst()
                    .orElse(null);
            if (match == null) {
                plans.add(new FilePlan(file, fp, FilePlan.Action.READ_WHOLE, nextFileId++, 0, 0, false, "new file"));
            } else if (match.complete()) {
                plans.add(new FilePlan(
                        file,
                        fp,
                        FilePlan.Action.SKIP,
                        match.fileId(),
                        match.bytesConsumed(),
                        match.linesConsumed(),
                        true,
                        "read completely before (as " + match.path() + ")"));
            } else if (!file.finished() && file.size() < match.bytesConsumed()) {
                plans.add(new FilePlan(
                        file,
                        fp,
                        FilePlan.Action.READ_WHOLE,
                        nextFileId++,
                        0,
                        0,
                        false,
                        "shorter than the " + match.bytesConsumed() + " bytes read before: rewritten, read as new"));
            } else if (!file.finished() && file.size() == match.bytesConsumed()) {
                plans.add(new FilePlan(
                        file,
                        fp,
                        FilePlan.Action.SKIP,
                        match.fileId(),
                        match.bytesConsumed(),
                        match.linesConsumed(),
                        true,
                        "nothing new"));
            } else {
                plans.add(new FilePlan(
                        file,
                        fp,
                        FilePlan.Action.READ_FROM,
                        match.fileId(),
                        match.bytesConsumed(),
                        match.linesConsumed(),
                        true,
                        "continues " + match.path()));
            }
        }
        return plans;
    }

    private static int sameContent(byte[] head, List<byte[]> heads) {
        for (int i = 0; i < heads.size(); i++) {
            byte[] other = heads.get(i);
            int common = Math.min(other.length, head.length);
            if (Arrays.equals(head, 0, common, other, 0, common)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Records what a read consumed, inside the run's transaction. {@code firstAt}/{@code lastAt} are the first and
     * last syslog times seen in this read (null when no line had one); a resumed file keeps its earlier first time.
     */
    public void recordConsumption(long runId, FilePlan plan, ReadResult result, Instant firstAt, Instant lastAt)
            throws SQLException {
        if (!plan.toRead()) {
            throw new IllegalArgumentException(
                    "nothing was planned to be read from " + plan.file().path());
        }
        String sql = plan.known()
                ? "UPDATE ingested_files SET fingerprint = ?, path = ?, compression = ?, bytes_consumed = ?,"
                        + " lines_consumed = ?, complete = ?, truncated = ?, first_at = coalesce(first_at, ?),"
                        + " last_at = coalesce(?, last_at), run_id = ? WHERE file_id = ?"
                : "INSERT INTO ingested_files (fingerprint, path, compression, bytes_consumed, lines_consumed,"
                        + " complete, truncated, first_at, last_at, run_id, file_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            ps.setString(1, plan.fingerprint().text());
            ps.setString(2, plan.file().path().toString());
            ps.setString(3, plan.file().compression().dbName());
            ps.setLong(4, result.endOffset());
            ps.setLong(5, result.endLine());
            ps.setBoolean(6, result.complete());
            ps.setBoolean(7, result.truncated());
            Jdbc.setInstant(ps, 8, firstAt);
            Jdbc.setInstant(ps, 9, lastAt);
            ps.setLong(10, runId);
            ps.setLong(11, plan.fileId());
            ps.executeUpdate();
        }
    }
}
