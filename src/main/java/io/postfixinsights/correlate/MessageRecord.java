package io.postfixinsights.correlate;

import java.time.Instant;
import java.util.List;

/**
 * One message as the correlator assembled it from all lines of one queue ID on one host and instance: where it came
 * from, each recipient's outcome, every delivery attempt, the notifications it caused, and its raw lines in order.
 *
 * <p>Links between messages (content-filter re-injection, notifications) are not resolved here: the message keeps
 * the queue IDs it points at ({@link Attempt#queuedAs()}, {@link Notification#queueId()}) and the store resolves them,
 * because the linked message may arrive in another run.
 *
 * @param state OPEN when the input ended before the message left the queue (completed by a later run)
 * @param size the qmgr {@code size=}, or -1
 * @param nrcpt the qmgr {@code nrcpt=}, or -1
 * @param cleanupAction the cleanup/milter action that stopped the message (reject, discard, hold), or null
 * @param probe true for an address-verification probe (status=deliverable/undeliverable): not user mail
 */
public record MessageRecord(
        String host,
        String instance,
        String queueId,
        Instant firstSeen,
        Instant lastSeen,
        MessageState state,
        Origin origin,
        String clientHost,
        String clientIp,
        String saslUser,
        String messageId,
        String sender,
        long size,
        int nrcpt,
        String cleanupAction,
        boolean probe,
        List<Recipient> recipients,
        List<Attempt> attempts,
        List<Notification> notifications,
        List<String> rawLines) {}
