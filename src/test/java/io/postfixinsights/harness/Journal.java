package io.postfixinsights.harness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the far ends saw and said: every reply a responder or the content filter gave, and every reply the
 * submitting clients got. With the scenario's plan it is the source of the truth; the log is never read for it.
 */
final class Journal {

    /**
     * One reply. {@code party} is the destination name, {@code filter}, or {@code client}; {@code recipient} is set
     * for RCPT and end-of-data replies (one entry per accepted recipient), {@code messageId} once the content was seen.
     */
    record Entry(
            Instant at,
            String party,
            String peer,
            String stage,
            String sender,
            String recipient,
            String messageId,
            int code,
            String reply,
            String episode,
            String episodeClass) {}

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(Entry e) {
        entries.add(e);
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
