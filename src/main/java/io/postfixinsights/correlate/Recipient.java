package io.postfixinsights.correlate;

import java.time.Instant;

/**
 * One recipient's outcome within one message: the last status logged for it, with the attempt that decided it.
 *
 * @param address the {@code to=} address
 * @param origAddress the {@code orig_to=} address before aliasing or forwarding, or null
 * @param dsn the enhanced status code of the deciding attempt (for EXPIRED: of the last deferral)
 * @param relay the relay of the deciding attempt, as logged ({@code mx.example.com[192.0.2.1]:25})
 * @param reply the reply of the deciding attempt: the remote server's words, attacker-controlled text
 * @param finalAt when the outcome was logged
 * @param attempts how many delivery attempts were logged for this recipient
 * @param delay the {@code delay=} of the deciding attempt in seconds (time since the message arrived), or -1
 */
public record Recipient(
        String address,
        String origAddress,
        RecipientStatus status,
        String dsn,
        String relay,
        String reply,
        Instant finalAt,
        int attempts,
        double delay) {}
