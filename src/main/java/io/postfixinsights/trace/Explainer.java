package io.postfixinsights.trace;

import io.postfixinsights.analyse.MessageTrace;
import io.postfixinsights.analyse.MessageTrace.RecipientTrace;
import io.postfixinsights.trace.TraceResult.RejectTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Says in plain words what the log shows happened, and whose move it is: sent = handed off with proof, look at the
 * recipient's side; deferred = still retrying; bounced = permanent, tell the sender why; expired = gave up after
 * retries; rejected before queueing = the client got the error live, no bounce was sent.
 */
final class Explainer {

    /** Postfix's default {@code maximal_queue_lifetime}: how long a deferred message is retried. */
    private static final Duration QUEUE_LIFETIME = Duration.ofDays(5);

    List<String> explain(MessageTrace m) {
        List<String> words = new ArrayList<>();
        if ("reinjected".equals(m.linkKind())) {
            words.add("This is the copy a content filter re-injected; the original is the message it was passed"
                    + " on from.");
        } else if ("notification".equals(m.linkKind())) {
            words.add("This is a notification Postfix sent about another message (" + m.notificationKind() + ").");
        }
        if ("rejected".equals(m.state())) {
            words.add("Refused while it was being received (" + m.cleanupAction() + " by a header/body check or"
                    + " milter): the sending client got the error during SMTP, so no bounce message was sent by"
                    + " this server.");
            return words;
        }
        if (m.recipients().isEmpty()) {
            words.add(
                    "open".equals(m.state())
                            ? "Accepted and queued, but no delivery attempt is logged yet."
                            : "No delivery attempt was logged for this message.");
        }
        for (RecipientTrace r : m.recipients()) {
            words.add(r.recipient() + ": " + recipient(m, r));
        }
        for (MessageTrace linked : m.linked()) {
            if ("notification".equals(linked.linkKind()) && "non_delivery".equals(linked.notificationKind())) {
                words.add("A non-delivery report went back to " + sender(m) + " as message " + linked.queueId() + ".");
            }
        }
        return words;
    }

    String explain(RejectTrace r) {
        return "Rejected before queueing at the " + (r.stage() == null ? "SMTP" : r.stage()) + " stage by "
                + r.daemon() + ": " + reply(r.smtpCode() > 0 ? r.smtpCode() + " " + r.reason() : r.reason())
                + ". The sending server got this error during the SMTP session; this server never accepted the"
                + " message and sent no bounce. The sender's own server should have told them.";
    }

    private static String recipient(MessageTrace m, RecipientTrace r) {
        String status = r.status() == null ? "" : r.status();
        switch (status) {
            case "sent":
                if (r.viaFilter()) {
                    return "passed to the local content filter (" + r.relay() + ") at " + r.finalAt()
                            + "; the re-injected copy below carries the real delivery.";
                }
                return "delivered: handed off to " + r.relay() + " at " + r.finalAt() + ", which answered "
                        + reply(r.reply()) + ". It left this server; if the recipient does not see it, the next"
                        + " place to look is their side (spam folder, filters, a silent discard).";
            case "deferred":
                Instant until = m.firstAt() == null ? null : m.firstAt().plus(QUEUE_LIFETIME);
                return "not delivered yet: still in the queue and being retried (" + r.attempts() + " attempt"
                        + (r.attempts() == 1 ? "" : "s") + " so far). Last try at " + r.finalAt() + " to "
                        + r.relay() + ": " + reply(r.reply()) + " (" + r.dsn() + ", temporary). Postfix keeps"
                        + " retrying" + (until == null ? "" : " until about " + until + " (default queue lifetime)")
                        + ", then returns it to the sender.";
            case "bounced":
                return "bounced (permanent failure, " + r.dsn() + ") at " + r.finalAt() + ": " + relayOrLocal(r)
                        + " answered " + reply(r.reply()) + ". Postfix will not retry; a non-delivery report goes to"
                        + " the sender " + sender(m) + ". Tell the sender what the receiving server said.";
            case "expired":
                return "gave up after " + r.attempts() + " attempt" + (r.attempts() == 1 ? "" : "s")
                        + " (queue lifetime reached) at " + r.finalAt() + ". The last reason was " + reply(r.reply())
                        + " (" + r.dsn() + "). The message was returned to the sender " + sender(m) + ".";
            case "deleted":
                return "deleted from the queue by an administrator (postsuper -d) at " + r.finalAt()
                        + ", before it could be delivered; no bounce was sent.";
            case "deliverable":
            case "undeliverable":
                return "an address-verification probe (not real mail): the address was found " + status + ".";
            default:
                return "outcome not known from the logs read.";
        }
    }

    private static String relayOrLocal(RecipientTrace r) {
        return r.relay() == null || r.relay().equals("none") ? "Postfix itself" : r.relay();
    }

    private static String sender(MessageTrace m) {
        return m.sender() == null || m.sender().isEmpty() ? "(the null sender: nobody)" : "<" + m.sender() + ">";
    }

    private static String reply(String reply) {
        return reply == null ? "(no reply logged)" : "\u201c" + reply + "\u201d";
    }
}
