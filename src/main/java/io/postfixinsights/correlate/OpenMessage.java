package io.postfixinsights.correlate;

import io.postfixinsights.parse.DeliveryStatus;
import io.postfixinsights.parse.PostfixEvent.CleanupAction;
import io.postfixinsights.parse.PostfixEvent.Delivery;
import io.postfixinsights.parse.PostfixEvent.PickupReceived;
import io.postfixinsights.parse.PostfixEvent.QmgrExpired;
import io.postfixinsights.parse.PostfixEvent.QmgrQueued;
import io.postfixinsights.parse.PostfixEvent.Reject;
import io.postfixinsights.parse.PostfixEvent.SmtpdClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The correlator's state for one message still in the queue; turned into an immutable {@link MessageRecord}. */
final class OpenMessage {

    private final String host;
    private final String instance;
    private final String queueId;
    private final Instant firstSeen;
    private Instant lastSeen;
    private Origin origin;
    private String clientHost;
    private String clientIp;
    private String saslUser;
    private String messageId;
    private String sender;
    private long size = -1;
    private int nrcpt = -1;
    private String cleanupAction;
    private boolean probe;
    /** Keyed by to= and orig_to=: one address can be reached through two aliases, each its own recipient. */
    private final Map<String, RecipientState> recipients = new LinkedHashMap<>(4);

    private final List<Attempt> attempts = new ArrayList<>(2);
    private final List<Notification> notifications = new ArrayList<>(1);
    private final List<String> rawLines = new ArrayList<>(8);

    OpenMessage(String host, String instance, String queueId, Instant firstSeen, Origin origin) {
        this.host = host;
        this.instance = instance;
        this.queueId = queueId;
        this.firstSeen = firstSeen;
        this.lastSeen = firstSeen;
        this.origin = origin;
    }

    static OpenMessage restore(MessageRecord r) {
        OpenMessage m = new OpenMessage(r.host(), r.instance(), r.queueId(), r.firstSeen(), r.origin());
        m.lastSeen = r.lastSeen();
        m.clientHost = r.clientHost();
        m.clientIp = r.clientIp();
        m.saslUser = r.saslUser();
        m.messageId = r.messageId();
        m.sender = r.sender();
        m.size = r.size();
        m.nrcpt = r.nrcpt();
        m.cleanupAction = r.cleanupAction();
        m.probe = r.probe();
        for (Recipient recipient : r.recipients()) {
            m.recipients.put(key(recipient.address(), recipient.origAddress()), new RecipientState(recipient));
        }
        m.attempts.addAll(r.attempts());
        m.notifications.addAll(r.notifications());
        m.rawLines.addAll(r.rawLines());
        return m;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    boolean hasOrigin() {
        return origin == Origin.SMTPD || origin == Origin.PICKUP;
    }

    void addLine(Instant at, String rawLine) {
        if (at.isAfter(lastSeen)) {
            lastSeen = at;
        }
        if (rawLine != null) {
            rawLines.add(rawLine);
        }
    }

    void client(SmtpdClient client) {
        origin = Origin.SMTPD;
        clientHost = client.clientHost();
        clientIp = client.clientIp();
        saslUser = client.saslUser();
    }

    void pickup(PickupReceived pickup) {
        origin = Origin.PICKUP;
        if (sender == null) {
            sender = pickup.from();
        }
    }

    void messageId(String id) {
        messageId = id;
    }

    void cleanupAction(String action) {
        cleanupAction = action;
    }

    void queued(QmgrQueued queued) {
        // qmgr logs from= again after a restart or requeue; the first complete line is as good as any.
        sender = queued.from();
        size = queued.size();
        nrcpt = queued.nrcpt();
    }

    void delivery(Delivery d, Instant at) {
        attempts.add(new Attempt(
                d.to(),
                at,
                d.agent(),
                d.relayHost(),
                d.relayIp(),
                d.relayPort(),
                d.dsn(),
                d.status(),
                d.reply(),
                d.delay(),
                d.delays(),
                d.queuedAs()));
        if (d.status() == DeliveryStatus.DELIVERABLE || d.status() == DeliveryStatus.UNDELIVERABLE) {
            probe = true;
        }
        recipients
                .computeIfAbsent(key(d.to(), d.origTo()), k -> new RecipientState(d.to(), d.origTo()))
                .attempt(d, at);
    }

    void expire(QmgrExpired expired, Instant at) {
        if (sender == null) {
            sender = expired.from();
        }
        for (RecipientState r : recipients.values()) {
            if (r.status == RecipientStatus.DEFERRED) {
                // The why stays the last deferral's: that is what the sender needs to hear.
                r.status = RecipientStatus.EXPIRED;
                r.finalAt = at;
            }
        }
    }

    void notification(Notification notification) {
        notifications.add(notification);
    }

    void deleteByAdmin(Instant at) {
        for (RecipientState r : recipients.values()) {
            if (r.status == RecipientStatus.DEFERRED) {
                r.status = RecipientStatus.DELETED;
                r.finalAt = at;
            }
        }
    }

    /** A cleanup header/body reject seen from the client's side: refused at end of DATA. */
    Reject asReject(CleanupAction action) {
        String text = action.text();
        String dsn = null;
        if (text != null && text.length() >= 5 && Character.isDigit(text.charAt(0)) && text.charAt(1) == '.') {
            int space = text.indexOf(' ');
            dsn = space < 0 ? text : text.substring(0, space);
        }
        return new Reject(
                queueId,
                "reject",
                "END-OF-MESSAGE",
                clientHost,
                clientIp,
                -1,
                dsn,
                text,
                action.from(),
                action.to(),
                null,
                null);
    }

    MessageRecord close(MessageState state) {
        List<Recipient> outcome = new ArrayList<>(recipients.size());
        for (RecipientState r : recipients.values()) {
            outcome.add(r.toRecord());
        }
        return new MessageRecord(
                host,
                instance,
                queueId,
                firstSeen,
                lastSeen,
                state,
                origin,
                clientHost,
                clientIp,
                saslUser,
                messageId,
                sender,
                size,
                nrcpt,
                cleanupAction,
                probe,
                List.copyOf(outcome),
                List.copyOf(attempts),
                List.copyOf(notifications),
                List.copyOf(rawLines));
    }

    private static String key(String to, String origTo) {
        return origTo == null ? to : to + '\u0000' + origTo;
    }

    private static final class RecipientState {
        final String address;
        final String origAddress;
        RecipientStatus status;
        String dsn;
        String relay;
        String reply;
        Instant finalAt;
        int attempts;
        double delay = -1;

        RecipientState(String address, String origAddress) {
            this.address = address;
            this.origAddress = origAddress;
        }

        RecipientState(Recipient r) {
            this(r.address(), r.origAddress());
            status = r.status();
            dsn = r.dsn();
            relay = r.relay();
            reply = r.reply();
            finalAt = r.finalAt();
            attempts = r.attempts();
            delay = r.delay();
        }

        void attempt(Delivery d, Instant at) {
            attempts++;
            status = statusOf(d.status());
            dsn = d.dsn();
            relay = relayOf(d);
            reply = d.reply();
            finalAt = at;
            delay = d.delay();
        }

        Recipient toRecord() {
            return new Recipient(address, origAddress, status, dsn, relay, reply, finalAt, attempts, delay);
        }

        private static RecipientStatus statusOf(DeliveryStatus status) {
            switch (status) {
                case SENT:
                    return RecipientStatus.SENT;
                case BOUNCED:
                    return RecipientStatus.BOUNCED;
                case EXPIRED:
                    return RecipientStatus.EXPIRED;
                case DELIVERABLE:
                    return RecipientStatus.DELIVERABLE;
                case UNDELIVERABLE:
                    return RecipientStatus.UNDELIVERABLE;
                default:
                    // DEFERRED, and SOFTBOUNCE: soft_bounce turns a would-be bounce into a retry.
                    return RecipientStatus.DEFERRED;
            }
        }

        private static String relayOf(Delivery d) {
            if (d.relayHost() == null) {
                return null;
            }
            if (d.relayIp() == null) {
                return d.relayHost();
            }
            return d.relayHost() + '[' + d.relayIp() + ']' + (d.relayPort() >= 0 ? ":" + d.relayPort() : "");
        }
    }
}
