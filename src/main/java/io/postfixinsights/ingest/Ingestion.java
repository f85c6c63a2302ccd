package io.postfixinsights.ingest;

import io.postfixinsights.correlate.MessageRecord;
import io.postfixinsights.correlate.RejectRecord;
import io.postfixinsights.ingest.LineTally.Category;
import io.postfixinsights.source.FoundFiles;
import io.postfixinsights.source.LogFileFinder;
import io.postfixinsights.source.SourceProblem;
import io.postfixinsights.store.Database;
import io.postfixinsights.store.FilePlan;
import io.postfixinsights.store.IngestWriter;
import io.postfixinsights.store.Ledger;
import io.postfixinsights.store.RunSummary;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingestion run: find the log files, read what the ledger has not consumed yet, parse, correlate and store, all
 * in one DuckDB transaction with the ledger, so that a crash at any point leaves the previous state and a re-run
 * never counts a line twice. Messages the previous run left open are restored first and completed here.
 *
 * <p>Three threads in a pipeline joined by bounded queues: {@link ReadStage} decompresses and splits lines,
 * {@link CorrelateStage} parses, counts and correlates, and the calling thread stores (DuckDB Appenders belong to the
 * thread that made them). Storing costs about as much CPU as everything before it, so overlapping them is where the
 * second core pays (docs/PERFORMANCE.md).
 */
public final class Ingestion {

    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);

    /**
     * What the run did.
     *
     * @param unreadable paths that could not be read at all (the run went on with the others)
     * @param warnings truncated or damaged files whose complete lines were used
     */
    public record Result(
            long runId,
            int filesRead,
            long linesRead,
            long linesUsed,
            long linesUnrecognised,
            long messagesWritten,
            long rejectsWritten,
            int messagesOpen,
            List<String> unreadable,
            List<String> warnings) {}

    private final ZoneId zone;
    private final Clock clock;

    public Ingestion(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    public Result run(Database db, List<String> logSpecs) throws SQLException {
        FoundFiles found = new LogFileFinder().find(logSpecs);
        List<String> unreadable = new ArrayList<>();
        for (SourceProblem problem : found.problems()) {
            unreadable.add(problem.message());
        }
        found.redundant().forEach(r -> log.info(r.message()));
        Ledger ledger = new Ledger(db);
        long runId = ledger.startRun(clock.instant());
        try {
            return ingest(db, ledger, runId, found, unreadable);
        } catch (SQLException | RuntimeException e) {
            // The writer rolled back on close; the runs row was committed at start, so the failure stays visible.
            ledger.failRun(runId, clock.instant(), String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private Result ingest(Database db, Ledger ledger, long runId, FoundFiles found, List<String> unreadable)
            throws SQLException {
        List<FilePlan> toRead = new ArrayList<>();
        for (FilePlan plan : ledger.plan(found.files())) {
            if (plan.action() == FilePlan.Action.UNREADABLE) {
                unreadable.add(plan.reason());
            } else if (plan.toRead()) {
                toRead.add(plan);
            } else {
                log.debug("{}: {}", plan.file().path(), plan.reason());
            }
        }
        List<String> warnings = new ArrayList<>();
        try (IngestWriter writer = new IngestWriter(db)) {
            ReadStage read = new ReadStage(toRead);
            CorrelateStage correlate = new CorrelateStage(read.out, writer.loadOpenMessages(), zone, clock);
            List<Thread> threads = List.of(start(read, "ingest-read"), start(correlate, "ingest-correlate"));
            CorrelateStage.Finished finished;
            long messages = 0;
            long rejects = 0;
            try {
                while (true) {
                    CorrelateStage.Item item = correlate.out.take();
                    if (item instanceof CorrelateStage.Records records) {
                        for (MessageRecord m : records.messages()) {
                            writer.write(m);
                        }
                        for (RejectRecord r : records.rejects()) {
                            writer.write(r);
                        }
                        messages += records.messages().size();
                        rejects += records.rejects().size();
                    } else if (item instanceof CorrelateStage.FileDone done) {
                        if (done.read().truncated()) {
                            warnings.add(done.read().problem());
                        }
                        ledger.recordConsumption(runId, done.plan(), done.read(), done.first(), done.last());
                        log.info(
                                "{}: {} lines from line {} ({})",
                                done.plan().file().path(),
                                done.read().linesRead(),
                                done.plan().startLine() + 1,
                                done.plan().reason());
                    } else if (item instanceof CorrelateStage.Failed failed) {
                        throw failed.failure();
                    } else {
                        finished = (CorrelateStage.Finished) item;
                        break;
                    }
                }
            } finally {
                threads.forEach(Ingestion::stop);
            }
            log.debug(
                    "pipeline: read -> correlate: {}; correlate -> store: {}", read.out.waits(), correlate.out.waits());
            LineTally tally = correlate.tally;
            writer.writeLineKinds(runId, tally.kinds());
            long linesRead = tally.total(Category.USED)
                    + tally.total(Category.NOISE)
                    + tally.total(Category.OTHER)
                    + tally.total(Category.UNRECOGNISED);
            ledger.finishRun(new RunSummary(
                    runId,
                    clock.instant(),
                    toRead.size(),
                    linesRead,
                    tally.total(Category.USED),
                    tally.total(Category.NOISE),
                    tally.total(Category.OTHER),
                    tally.total(Category.UNRECOGNISED),
                    finished.open()));
            writer.commit();
            return new Result(
                    runId,
                    toRead.size(),
                    linesRead,
                    tally.total(Category.USED),
                    tally.total(Category.UNRECOGNISED),
                    messages,
                    rejects,
                    finished.open(),
                    unreadable,
                    warnings);
        }
    }

    private static Thread start(Runnable stage, String name) {
        Thread thread = new Thread(stage, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Ends a stage's thread: at once if it still runs, which happens only when storing failed. */
    private static void stop(Thread thread) {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
