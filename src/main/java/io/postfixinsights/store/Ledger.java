package io.postfixinsights.store;

import io.postfixinsights.source.Fingerprint;
import io.postfixinsights.source.LogFile;
import io.postfixinsights.source.ReadResult;
import io.postfixinsights.store.Sql.Params;
import java.io.IOException;
import java.sql.SQLException;
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

    private static final String SQL = "sql/store/";

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
        long runId = db.nextId("runs", "run_id");
        db.sql().run(SQL + "start_run.sql", Params.of("run_id", runId).and("started_at", startedAt));
        return runId;
    }

    public void finishRun(RunSummary s) throws SQLException {
        db.sql()
                .run(
                        SQL + "finish_run.sql",
                        Params.of("run_id", s.runId())
                                .and("finished_at", s.finishedAt())
                                .and("files_read", s.filesRead())
                                .and("lines_read", s.linesRead())
                                .and("lines_used", s.linesUsed())
                                .and("lines_noise", s.linesNoise())
                                .and("lines_other", s.linesOther())
                                .and("lines_unrecognised", s.linesUnrecognised())
                                .and("messages_open", s.messagesOpen()));
    }

    /** Marks the run failed; call after the run's transaction was rolled back. */
    public void failRun(long runId, Instant finishedAt, String error) throws SQLException {
        db.sql()
                .run(
                        SQL + "fail_run.sql",
                        Params.of("run_id", runId)
                                .and("finished_at", finishedAt)
                                .and("error", error));
    }

    /** The times of the first and the newest log line read so far; both null before anything was read. */
    public record LogSpan(Instant first, Instant newest) {}

    public LogSpan logSpan() throws SQLException {
        return db.sql()
                .one(
                        SQL + "log_span.sql",
                        Params.none(),
                        rs -> new LogSpan(Sql.instant(rs, "first_at"), Sql.instant(rs, "newest_at")));
    }

    public List<KnownFile> knownFiles() throws SQLException {
        return db.sql()
                .list(
                        SQL + "known_files.sql",
                        Params.none(),
                        rs -> new KnownFile(
                                rs.getLong("file_id"),
                                Fingerprint.parse(rs.getString("fingerprint")),
                                rs.getString("path"),
                                rs.getString("compression"),
                                rs.getLong("bytes_consumed"),
                                rs.getLong("lines_consumed"),
                                rs.getBoolean("complete"),
                                rs.getBoolean("truncated"),
                                Sql.instant(rs, "first_at"),
                                Sql.instant(rs, "last_at")));
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
        db.sql()
                .run(
                        SQL + "record_consumption.sql",
                        Params.of("file_id", plan.fileId())
                                .and("fingerprint", plan.fingerprint().text())
                                .and("path", plan.file().path().toString())
                                .and("compression", plan.file().compression().dbName())
                                .and("bytes_consumed", result.endOffset())
                                .and("lines_consumed", result.endLine())
                                .and("complete", result.complete())
                                .and("truncated", result.truncated())
                                .and("first_at", firstAt)
                                .and("last_at", lastAt)
                                .and("run_id", runId));
    }
}
