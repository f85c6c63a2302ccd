package io.postfixinsights.correlate;

import io.postfixinsights.parse.NotificationKind;
import java.time.Instant;

/** A notification the bounce daemon queued about a message, as a new message with {@code queueId}. */
public record Notification(Instant at, NotificationKind kind, String queueId) {}
