package io.postfixinsights.ingest;

import io.postfixinsights.correlate.Correlator;
import io.postfixinsights.correlate.MessageRecord;
import io.postfixinsights.correlate.RejectRecord;
import io.postfixinsights.ingest.LineTally.Category;
import io.postfixinsights.parse.LineParser;
import io.postfixinsights.parse.ParseResult;
import io.postfixinsights.parse.PostfixEvent;
import io.postfixinsights.source.ReadResult;
import io.postfixinsights.store.FilePlan;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Second ingestion thread: parses, counts and correlates the read stage's lines and hands finished messages and
 * rejects to the storing thread in batches. The tally is read by the storing thread only after {@link Finished}: the
 * hand-over orders that read after every write.
 */
final class CorrelateStage implements Runnable, Correlator.Sink {

    /** Records per batch (about 5,000 lines' worth). */
    static final int BATCH_RECORDS = 512;
    /** Batches in flight: a few MB, enough slack to absorb the store's pauses (Appender flushes). */
    static final int QUEUE_BATCHES = 8;

    /** What the correlate stage hands to the storing thread, in order. */
    sealed interface Item permits Records, FileDone, Finished, Failed {}

    /** Finished messages and rejects. */
    record Records(List<MessageRecord> messages, List<RejectRecord> rejects) implements Item {}

    /** One file read, after the records of its lines; {@code first}/{@code last}: the times of its lines. */
    record FileDone(FilePlan plan, ReadResult read, Instant first, Instant last) implements Item {}

    /** Every file read; {@code open} messages were handed over as still queued. */
    record Finished(int open) implements Item {}

    /** A stage failed: the run fails with this. */
    record Failed(RuntimeException failure) implements Item {}

    final Handoff<Item> out = new Handoff<>(QUEUE_BATCHES);
    final LineTally tally = new LineTally();
    private final Handoff<ReadStage.Item> in;
    private final Correlator correlator = new Correlator(this);
    private final LineParser parser;
    private final Clock clock;
    private List<MessageRecord> messages = new ArrayList<>();
    private List<RejectRecord> rejects = new ArrayList<>();
    private FilePlan current;
    private Instant first;
    private Instant last;

    CorrelateStage(Handoff<ReadStage.Item> in, List<MessageRecord> reopened, ZoneId zone, Clock clock) {
        this.in = in;
        this.parser = new LineParser(zone);
        this.clock = clock;
        for (MessageRecord open : reopened) {
            correlator.restore(open);
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                ReadStage.Item item = in.take();
                if (item instanceof ReadStage.Lines lines) {
                    accept(lines);
                } else if (item instanceof ReadStage.FileRead read) {
                    startFile(read.plan()); // a file without lines
                    countReadProblems(read.plan(), read.read());
                    flush();
                    out.put(new FileDone(read.plan(), read.read(), first, last));
                    current = null;
                } else if (item instanceof ReadStage.Failed failed) {
                    throw failed.failure();
                } else {
                    break;
                }
            }
            int open = correlator.finish();
            if (correlator.abandoned() > 0) {
                tally.count(
                        Category.ERROR,
                        "abandoned-message",
                        correlator.abandoned(),
                        "messages whose end was never logged (queue ID reused, or silent for 10 days)",
                        null,
                        -1);
            }
            flush();
            out.put(new Finished(open));
        } catch (Handoff.Cancelled e) {
            // the storing thread stopped: it reports its own failure
        } catch (RuntimeException e) {
            out.replaceAll(new Failed(e));
        }
    }

    private void startFile(FilePlan plan) {
        if (plan != current) {
            current = plan;
            first = null;
            last = null;
            Instant now = clock.instant();
            parser.startFile(
                    plan.file().modified().isAfter(now) ? now : plan.file().modified());
        }
    }

    private void accept(ReadStage.Lines batch) {
        startFile(batch.plan());
        String file = batch.plan().file().path().toString();
        String[] lines = batch.lines();
        for (int i = 0; i < batch.count(); i++) {
            String line = lines[i];
            long lineNumber = batch.firstLine() + i;
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
    }

    private void seen(Instant at) {
        if (first == null) {
            first = at;
        }
        last = at;
    }

    private void countReadProblems(FilePlan plan, ReadResult read) {
        String file = plan.file().path().toString();
        if (read.truncated()) {
            tally.count(
                    Category.ERROR,
                    "truncated-" + plan.file().compression().name().toLowerCase(),
                    1,
                    read.problem(),
                    file,
                    read.endLine());
        }
        if (read.badByteLines() > 0) {
            tally.count(
                    Category.ERROR,
                    "invalid-bytes",
                    read.badByteLines(),
                    "lines with invalid UTF-8 or control" + " bytes (read with replacement characters)",
                    file,
                    read.firstBadByteLine());
        }
        if (read.longLines() > 0) {
            tally.count(
                    Category.ERROR,
                    "long-line",
                    read.longLines(),
                    "lines cut to the first 64 KiB",
                    file,
                    read.firstLongLine());
        }
    }

    @Override
    public void message(MessageRecord message) {
        messages.add(message);
        if (messages.size() + rejects.size() >= BATCH_RECORDS) {
            flush();
        }
    }

    @Override
    public void reject(RejectRecord reject) {
        rejects.add(reject);
        if (messages.size() + rejects.size() >= BATCH_RECORDS) {
            flush();
        }
    }

    private void flush() {
        if (!messages.isEmpty() || !rejects.isEmpty()) {
            out.put(new Records(messages, rejects));
            messages = new ArrayList<>();
            rejects = new ArrayList<>();
        }
    }
}
