package io.postfixinsights.analyse;

import java.time.Instant;
import java.util.List;

/**
 * One message from the history, as its report page and {@code trace} show it: its recipients' outcomes, every
 * attempt, its raw lines, the messages linked to it and a plain-words explanation. Read by {@code trace.Tracer};
 * it lives here, beside {@link Analysis}, because it is what the report renders a failed message's page from, and
 * report reads nothing but analyse's records.
 */
public record MessageTrace(
        long msgId,
        String host,
        String instance,
        String queueId,
        Instant firstAt,
        Instant lastAt,
        String state,
        String origin,
        String clientHost,
        String clientIp,
        String saslUser,
        String messageId,
        String sender,
        long size,
        String cleanupAction,
        boolean probe,
        String linkKind,
        String notificationKind,
        List<RecipientTrace> recipients,
        List<AttemptTrace> attempts,
        List<String> rawLines,
        List<MessageTrace> linked,
        List<String> explanation) {

    /** The same message with the plain-words explanation of its outcome. */
    public MessageTrace withExplanation(List<String> words) {
        return new MessageTrace(
                msgId,
                host,
                instance,
                queueId,
                firstAt,
                lastAt,
                state,
                origin,
                clientHost,
                clientIp,
                saslUser,
                messageId,
                sender,
                size,
                cleanupAction,
                probe,
                linkKind,
                notificationKind,
                recipients,
                attempts,
                rawLines,
                linked,
                words);
    }

    public record RecipientTrace(
            String recipient,
            String origRecipient,
            String status,
            String dsn,
            String relay,
            String reply,
            Instant finalAt,
            int attempts,
            boolean viaFilter) {}

    public record AttemptTrace(
            String recipient,
            Instant at,
            String agent,
            String relayHost,
            String relayIp,
            int relayPort,
            String dsn,
            String status,
            String reply,
            String queuedAs) {}
}
