package io.postfixinsights.parse;

/**
 * The Postfix events the correlator and the reject analysis use, one record per kind of line. Events that carry a
 * queue ID implement {@link QueueEvent}. Field values are exactly as logged (angle brackets removed from addresses);
 * an absent field is null, an absent number is -1.
 */
public sealed interface PostfixEvent {

    /** An event about one queued message. */
    sealed interface QueueEvent extends PostfixEvent {
        String queueId();
    }

    /** smtpd {@code QID: client=host[ip]:port, sasl_method=..., sasl_username=..., orig_queue_id=...}. */
    record SmtpdClient(String queueId, String clientHost, String clientIp, String saslUser, String origQueueId)
            implements QueueEvent {}

    /** pickup {@code QID: uid=0 from=<root>}: mail submitted locally with sendmail. */
    record PickupReceived(String queueId, int uid, String from) implements QueueEvent {}

    /** cleanup {@code QID: message-id=<...>} (or {@code resent-message-id=}). */
    record CleanupMessageId(String queueId, String messageId) implements QueueEvent {}

    /**
     * cleanup header/body check actions: {@code QID: reject: header Subject: ... from host[ip]; from=<a> to=<b>
     * proto=ESMTP helo=<h>: 5.7.1 text}. {@code action} is reject, discard, hold, warning, redirect, filter, replace,
     * prepend or info; a reject or discard means the message never entered the queue.
     */
    record CleanupAction(String queueId, String action, String check, String from, String to, String text)
            implements QueueEvent {}

    /** qmgr {@code QID: from=<a>, size=123, nrcpt=2 (queue active)}. */
    record QmgrQueued(String queueId, String from, long size, int nrcpt) implements QueueEvent {}

    /** qmgr {@code QID: from=<a>, status=expired, returned to sender}: pending recipients become expired. */
    record QmgrExpired(String queueId, String from) implements QueueEvent {}

    /** qmgr {@code QID: removed}: the message left the queue; the queue ID may be reused afterwards. */
    record QmgrRemoved(String queueId) implements QueueEvent {}

    /**
     * postsuper actions on a queued message: {@code removed} (deleted by the admin), {@code placed on hold},
     * {@code released from hold}, {@code requeued}.
     */
    record PostsuperAction(String queueId, String action) implements QueueEvent {}

    /**
     * One delivery attempt for one recipient, from any delivery agent (smtp, lmtp, local, virtual, pipe, error,
     * retry, discard...): {@code QID: to=<r>, orig_to=<o>, relay=host[ip]:port, delay=1.2, delays=a/b/c/d, dsn=X.Y.Z,
     * status=sent (reply)}.
     *
     * @param agent the daemon that logged it (smtp, lmtp, local, ...)
     * @param relayHost the relay name ({@code none}, {@code local}, {@code mx.example.com}, {@code 127.0.0.1}), or null
     * @param relayIp the relay address in brackets, or null
     * @param relayPort the relay port, or -1
     * @param delays the four {@code delays=} parts (before qmgr, in qmgr, connection setup, transmission), or null
     * @param reply the text in parentheses after the status: the remote server's reply or Postfix's own reason
     * @param queuedAs the queue ID in a {@code queued as X} reply (re-injection by a content filter), or null
     */
    record Delivery(
            String queueId,
            String agent,
            String to,
            String origTo,
            String relayHost,
            String relayIp,
            int relayPort,
            double delay,
            double[] delays,
            String dsn,
            DeliveryStatus status,
            String reply,
            String queuedAs)
            implements QueueEvent {}

    /** bounce {@code QID: sender non-delivery notification: NEWID} and the delay and success variants. */
    record BounceNotification(String queueId, NotificationKind kind, String notificationQueueId)
            implements QueueEvent {}

    /**
     * A client refused at the SMTP door, with or without a queue ID: smtpd {@code NOQUEUE: reject: RCPT from
     * host[ip]: 554 5.7.1 <r>: Relay access denied; from=<s> to=<r> proto=ESMTP helo=<h>}, {@code reject_warning},
     * cleanup {@code milter-reject}, and postscreen's own rejects.
     *
     * @param queueId the queue ID, or null for NOQUEUE
     * @param kind reject, reject_warning, milter-reject, discard, hold
     * @param stage the SMTP stage: CONNECT, HELO, EHLO, MAIL, RCPT, DATA, END-OF-MESSAGE, VRFY, ETRN, or null
     * @param smtpCode the three-digit reply code, or -1
     */
    record Reject(
            String queueId,
            String kind,
            String stage,
            String clientHost,
            String clientIp,
            int smtpCode,
            String dsn,
            String reason,
            String from,
            String to,
            String proto,
            String helo)
            implements PostfixEvent {}

    /**
     * postscreen verdicts that are not rejects: {@code PASS NEW}, {@code PASS OLD}, {@code DNSBL rank 3},
     * {@code PREGREET}, {@code HANGUP}, {@code COMMAND PIPELINING}, {@code BARE NEWLINE}, {@code WHITELISTED}...
     *
     * @param verdict the verdict words as logged, upper case, e.g. {@code PASS NEW}, {@code DNSBL}
     */
    record PostscreenVerdict(String verdict, String clientIp, String detail) implements PostfixEvent {}

    /**
     * A Postfix line that is understood but carries nothing the report counts per message: connect, disconnect,
     * lost connection, TLS, anvil, warning, fatal, panic, master start/reload, scache, postfix-script...
     *
     * @param kind a short stable name to count by, e.g. {@code smtpd-connect}, {@code warning}, {@code tls}
     */
    record Noise(String kind) implements PostfixEvent {}
}
