package io.postfixinsights.correlate;

import io.postfixinsights.parse.DeliveryStatus;
import java.time.Instant;

/**
 * One delivery attempt for one recipient, as logged by a delivery agent.
 *
 * @param delays the {@code delays=a/b/c/d} split (before qmgr, in qmgr, connection setup, transmission), or null
 * @param queuedAs the queue ID the receiver reported ({@code queued as X}); for a local content filter this is the
 *     re-injected copy
 */
public record Attempt(
        String recipient,
        Instant at,
        String agent,
        String relayHost,
        String relayIp,
        int relayPort,
        String dsn,
        DeliveryStatus status,
        String reply,
        double delay,
        double[] delays,
        String queuedAs) {}
