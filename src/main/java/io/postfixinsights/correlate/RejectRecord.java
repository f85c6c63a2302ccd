package io.postfixinsights.correlate;

import io.postfixinsights.parse.PostfixEvent.Reject;
import java.time.Instant;

/** A pre-queue reject with where it was logged; kept apart from messages since it has no queue ID to join on. */
public record RejectRecord(Instant at, String host, String daemon, Reject reject, String rawLine) {}
