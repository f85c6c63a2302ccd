package io.postfixinsights.trace;

import io.postfixinsights.analyse.MessageTrace;
import java.time.Instant;
import java.util.List;

/** Everything the history knows about a trace query: matching messages with their timelines, and rejects. */
public record TraceResult(List<MessageTrace> messages, List<RejectTrace> rejects) {

    public boolean isEmpty() {
        return messages.isEmpty() && rejects.isEmpty();
    }

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
