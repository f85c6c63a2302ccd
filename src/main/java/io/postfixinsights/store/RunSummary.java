package io.postfixinsights.store;

import java.time.Instant;

/** The counts that close a {@code runs} row. */
public record RunSummary(
        long runId,
        Instant finishedAt,
        int filesRead,
        long linesRead,
        long linesUsed,
        long linesNoise,
        long linesOther,
        long linesUnrecognised,
        long messagesOpen) {}
