package io.postfixinsights.trace;

import java.time.Instant;

/**
 * What to look for; null fields match anything, at least one search field must be set.
 *
 * @param from only messages still active at or after this instant, or null
 * @param to only messages that arrived before this instant, or null
 * @param limit the most messages (and rejects) to return, newest first
 */
public record TraceQuery(
        String queueId,
        String recipient,
        String domain,
        String sender,
        String messageId,
        String clientIp,
        Instant from,
        Instant to,
        int limit) {

    public boolean isEmpty() {
        return queueId == null
                && recipient == null
                && domain == null
                && sender == null
                && messageId == null
                && clientIp == null;
    }
}
