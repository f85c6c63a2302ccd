package io.postfixinsights.ingest;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded queue between two ingestion threads: the producer blocks when the consumer falls behind, so memory stays
 * bounded whichever side is slower. A producer interrupted while waiting (the consumer gave up) unwinds with
 * {@link Cancelled}.
 */
final class Handoff<T> {

    /** Unwinds a producer whose consumer stopped; carries no failure of its own. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("ingestion cancelled", null, false, false);
        }
    }

    private final BlockingQueue<T> queue;

    Handoff(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    void put(T item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            throw new Cancelled();
        }
    }

    T take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            throw new Cancelled();
        }
    }

    /** Replaces whatever is queued with {@code item}: how a failing producer makes sure its failure is seen next. */
    void replaceAll(T item) {
        queue.clear();
        queue.offer(item);
    }
}
