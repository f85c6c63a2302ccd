package io.postfixinsights.ingest;

import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

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
    private final AtomicLong putWaitNanos = new AtomicLong();
    private final AtomicLong takeWaitNanos = new AtomicLong();

    Handoff(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    void put(T item) {
        long start = System.nanoTime();
        try {
            queue.put(item);
            putWaitNanos.addAndGet(System.nanoTime() - start);
        } catch (InterruptedException e) {
            throw new Cancelled();
        }
    }

    T take() {
        long start = System.nanoTime();
        try {
            T item = queue.take();
            takeWaitNanos.addAndGet(System.nanoTime() - start);
            return item;
        } catch (InterruptedException e) {
            throw new Cancelled();
        }
    }

    /** Seconds the producer waited for room and the consumer for items: the slower side is the one not waiting. */
    String waits() {
        return String.format(
                Locale.ROOT,
                "producer waited %.1f s, consumer %.1f s",
                putWaitNanos.get() / 1e9,
                takeWaitNanos.get() / 1e9);
    }

    /** Replaces whatever is queued with {@code item}: how a failing producer makes sure its failure is seen next. */
    void replaceAll(T item) {
        queue.clear();
        queue.offer(item);
    }
}
