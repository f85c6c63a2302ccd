package io.postfixinsights.ingest;

import io.postfixinsights.correlate.Correlator;
import io.postfixinsights.correlate.MessageRecord;
import io.postfixinsights.correlate.RejectRecord;
import io.postfixinsights.ingest.LineTally.Category;
import io.postfixinsights.parse.LineParser;
import io.postfixinsights.parse.ParseResult;
import io.postfixinsights.parse.PostfixEvent;
import io.postfixinsights.source.FoundFiles;
import io.postfixinsights.source.LogFileFinder;
import io.postfixinsights.source.LogReader;
import io.postfixinsights.source.ReadResult;
import io.postfixinsights.source.SourceProblem;
import io.postfixinsights.store.Database;
import io.postfixinsights.store.FilePlan;
import io.postfixinsights.store.IngestWriter;
import io.postfixinsights.store.Ledger;
import io.postfixinsights.store.RunSummary;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingestion run: find the log files, read what the ledger has not consumed yet, parse, correlate and store, all
 * in one DuckDB transaction with the ledger, so that a crash at any point leaves the previous state and a re-run
 * never counts a line twice. Messages the previous run left open are restored first and completed here.
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
        List<FilePlan> plans = ledger.plan(found.files());
        LineTally tally = new LineTally();
        List<String> warnings = new ArrayList<>();
        try (IngestWriter writer = new IngestWriter(db)) {
            StoringSink sink = new StoringSink(writer);
            Correlator correlator = new Correlator(sink);
            for (MessageRecord open : writer.loadOpenMessages()) {
                correlator.restore(open);
            }
            LineParser parser = new LineParser(zone);
            LogReader reader = new LogReader();
            int filesRead = 0;
            for (FilePlan plan : plans) {
                if (plan.action() == FilePlan.Action.UNREADABLE) {
                    unreadable.add(plan.reason());
                    continue;
                }
                if (!plan.toRead()) {
                    log.debug("{}: {}", plan.file().path(), plan.reason());
                    continue;
                }
                filesRead++;
                Instant now = clock.instant();
                parser.startFile(plan.file().modified().isAfter(now) ? now : plan.file().modified());
                FileFeed feed = new FileFeed(plan.file().path().toString(), parser, correlator, tally);
                ReadResult read = reader.read(plan.file(), plan.startOffset(), plan.startLine(), feed);
                sink.rethrow();
                countReadProblems(plan, read, tally, warnings);
                ledger.recordConsumption(runId, plan, read, feed.first, feed.last);
                log.info("{}: {} lines from line {} ({})", plan.file().path(), read.linesRead(), plan.startLine() + 1,
                        plan.reason());
            }
            int open = correlator.finish();
            sink.rethrow();
            if (correlator.abandoned() > 0) {
                tally.count(Category.ERROR, "abandoned-message", correlator.abandoned(),
                        "messages whose end was never logged (queue ID reused, or silent for 10 days)", null, -1);
            }
            writer.writeLineKinds(runId, tally.kinds());
            long linesRead = tally.total(Category.USED) + tally.total(Category.NOISE) + tally.total(Category.OTHER)
                    + tally.total(Category.UNRECOGNISED);
            ledger.finishRun(new RunSummary(runId, clock.instant(), filesRead, linesRead, tally.total(Category.USED),
                    tally.total(Category.NOISE), tally.total(Category.OTHER), tally.total(Category.UNRECOGNISED),
                    open));
            writer.commit();
            return new Result(runId, filesRead, linesRead, tally.total(Category.USED),
                    tally.total(Category.UNRECOGNISED), sink.messages, sink.rejects, open, unreadable, warnings);
        }
    }

    private static void countReadProblems(FilePlan plan, ReadResult read, LineTally tally, List<String> warnings) {
        String file = plan.file().path().toString();
        if (read.truncated()) {
            warnings.add(read.problem());
            tally.count(Category.ERROR, "truncated-" + plan.file().compression().name().toLowerCase(), 1,
                    read.problem(), file, read.endLine());
        }
        if (read.badByteLines() > 0) {
            tally.count(Category.ERROR, "invalid-bytes", read.badByteLines(), "lines with invalid UTF-8 or control"
                    + " bytes (read with replacement characters)", file, read.firstBadByteLine());
        }
        if (read.longLines() > 0) {
            tally.count(Category.ERROR, "long-line", read.longLines(), "lines cut to the first 64 KiB", file,
                    read.firstLongLine());
        }
    }

    /** Parses, counts and correlates the lines of one file; remembers the first and last time seen. */
    private static final class FileFeed implements io.postfixinsights.source.LineConsumer {
        private final String file;
        private final LineParser parser;
        private final Correlator correlator;
        private final LineTally tally;
        Instant first;
        Instant last;

        FileFeed(String file, LineParser parser, Correlator correlator, LineTally tally) {
            this.file = file;
            this.parser = parser;
            this.correlator = correlator;
            this.tally = tally;
        }

        @Override
        public void accept(long lineNumber, String line, long offsetAfter) {
            ParseResult result = parser.parse(line);
            if (result instanceof ParseResult.Parsed parsed) {
                seen(parsed.header().timestamp());
                PostfixEvent event = parsed.event();
                if (event instanceof PostfixEvent.Noise noise) {
                    tally.count(Category.NOISE, noise.kind(), 1, line, file, lineNumber);
                } else if (correlator.accept(parsed.header(), event, line)) {
                    tally.count(Category.USED, event.getClass().getSimpleName(), 1, line, file, lineNumber);
                } else {
                    // Understood, but nothing we store: postscreen verdicts before a pass or reject.
                    tally.count(Category.NOISE, event.getClass().getSimpleName(), 1, line, file, lineNumber);
                }
            } else if (result instanceof ParseResult.OtherProgram other) {
                seen(other.header().timestamp());
                tally.count(Category.OTHER, other.header().daemon(), 1, line, file, lineNumber);
            } else if (result instanceof ParseResult.Unrecognised unknown) {
                tally.count(Category.UNRECOGNISED, unknown.reason(), 1, line, file, lineNumber);
            }
        }

        private void seen(Instant at) {
            if (first == null) {
                first = at;
            }
            last = at;
        }
    }

    /** Hands the correlator's output to the writer; keeps the first store failure to rethrow outside the loop. */
    private static final class StoringSink implements Correlator.Sink {
        private final IngestWriter writer;
        private SQLException failure;
        long messages;
        long rejects;

        StoringSink(IngestWriter writer) {
            this.writer = writer;
        }

        @Override
        public void message(MessageRecord message) {
            if (failure != null) {
                return;
            }
            try {
                writer.write(message);
                messages++;
            } catch (SQLException e) {
                failure = e;
            }
        }

        @Override
        public void reject(RejectRecord reject) {
            if (failure != null) {
                return;
            }
            try {
                writer.write(reject);
                rejects++;
            } catch (SQLException e) {
                failure = e;
            }
        }

        void rethrow() throws SQLException {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
