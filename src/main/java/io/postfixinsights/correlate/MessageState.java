package io.postfixinsights.correlate;

/** Where a message's life stood when the correlator emitted it. */
public enum MessageState {
    /** Still in the queue when the input ended; a later run completes it. */
    OPEN,
    /** qmgr logged {@code removed}: every recipient has its final outcome. */
    DONE,
    /** Deleted by the admin with postsuper before all recipients were done. */
    DELETED,
    /** Stopped by cleanup or a milter (reject/discard): it never entered the active queue. */
    REJECTED,
    /** Flushed because it stayed open longer than the correlator's limit (a warning is counted). */
    ABANDONED
}
