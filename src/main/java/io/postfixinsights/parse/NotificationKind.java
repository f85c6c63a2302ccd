package io.postfixinsights.parse;

/** Which notification the bounce daemon sent to the sender of a message. */
public enum NotificationKind {
    /** {@code sender non-delivery notification}: the NDR for bounced or expired recipients. */
    NON_DELIVERY,
    /** {@code sender delay notification}: "your mail is still being retried". */
    DELAY,
    /** {@code sender delivery status notification}: success DSN the sender asked for. */
    SUCCESS
}
