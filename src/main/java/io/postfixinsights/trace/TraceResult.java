package io.postfixinsights.trace;

import java.time.Instant;
import java.util.List;

/** Everything the history knows about a trace query: matching messages with their timelines, and rejects. */
public record TraceResult(List<MessageTrace> messages, List<RejectTrace> rejects) {

    public boolean isEmpty() {
        return messages.isEmpty() && rejects.isEmpty();
    }

    /** One message, its recipients' outcomes, every attempt, its raw lines and the messages linked to it. */
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

        MessageTrace withExplanation(List<String> words) {
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

    /** A pre-queue reject: the client was refused during SMTP, so there is no queue ID and no bounce. */
    public record RejectTrace(
            Instant at,
            String host,
            String daemon,
            String kind,
            String stage,
            String clientHost,
            String clientIp,
            int smtpCode,
            String dsn,
            String reason,
            String sender,
            String recipient,
            String helo,
            String rawLine,
            String explanation) {

        RejectTrace withExplanation(String words) {
            return new RejectTrace(
                    at,
                    host,
                    daemon,
                    kind,
                    stage,
                    clientHost,
                    clientIp,
                    smtpCode,
                    dsn,
                    reason,
                    sender,
                    recipient,
                    helo,
                    rawLine,
                    words);
        }
    }
}
