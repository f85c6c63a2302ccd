package io.postfixinsights.correlate;

/** A recipient's outcome. Only SENT, BOUNCED, EXPIRED, DELETED and the probe results are final. */
public enum RecipientStatus {
    SENT,
    BOUNCED,
    /** Gave up after retrying until {@code maximal_queue_lifetime}; the why is the last deferral. */
    EXPIRED,
    /** Last attempt deferred and the message is still queued. */
    DEFERRED,
    /** Deleted from the queue by the admin. */
    DELETED,
    /** Address-verification probe answered yes. */
    DELIVERABLE,
    /** Address-verification probe answered no. */
    UNDELIVERABLE
}
