package io.postfixinsights.ingest;

import io.postfixinsights.source.LineConsumer;
import io.postfixinsights.source.LogReader;
import io.postfixinsights.source.ReadResult;
import io.postfixinsights.store.FilePlan;
import java.util.List;

/**
 * First ingestion thread: decompresses and splits the planned files into batches of lines. Kept apart from parsing
 * so that its tight loop is compiled on its own: a file of another compression must not throw away (and recompile)
 * the parser inlined into it.
 */
final class ReadStage implements Runnable {

    /** Lines per batch: the hand-over costs nothing per line, and 4096 lines are about a MB. */
    static final int BATCH_LINES = 4096;
    /** Batches in flight. */
    static final int QUEUE_BATCHES = 8;

    /** What the read stage hands on, in file order. */
    sealed interface Item permits Lines, FileRead, End, Failed {}

    /** Consecutive lines of one file, numbered from {@code firstLine}. */
    record Lines(FilePlan plan, long firstLine, String[] lines, int count) implements Item {}

    /** One file read to its end, or to a problem, after all its lines. */
    record FileRead(FilePlan plan, ReadResult read) implements Item {}

    /** Every planned file was read. */
    record End() implements Item {}

    /** The read stage failed. */
    record Failed(RuntimeException failure) implements Item {}

    private final List<FilePlan> plans;
    final Handoff<Item> out = new Handoff<>(QUEUE_BATCHES);

    ReadStage(List<FilePlan> plans) {
        this.plans = plans;
    }

    @Override
    public void run() {
        try {
            LogReader reader = new LogReader();
            for (FilePlan plan : plans) {
                Batcher batcher = new Batcher(plan);
                ReadResult read = reader.read(plan.file(), plan.startOffset(), plan.startLine(), batcher);
                batcher.flush();
                out.put(new FileRead(plan, read));
            }
            out.put(new End());
        } catch (Handoff.Cancelled e) {
            // the next stage stopped: it reports its own failure
        } catch (RuntimeException e) {
            out.replaceAll(new Failed(e));
        }
    }

    private final class Batcher implements LineConsumer {
        private final FilePlan plan;
        private String[] lines = new String[BATCH_LINES];
        private int count;
        private long firstLine;

        Batcher(FilePlan plan) {
            this.plan = plan;
        }

        @Override
        public void accept(long lineNumber, String line, long offsetAfter) {
            if (count == 0) {
                firstLine = lineNumber;
            }
            lines[count++] = line;
            if (count == lines.length) {
                flush();
            }
        }

        void flush() {
            if (count > 0) {
                out.put(new Lines(plan, firstLine, lines, count));
                lines = new String[BATCH_LINES];
                count = 0;
            }
        }
    }
}
