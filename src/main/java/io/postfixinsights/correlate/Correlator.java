package io.postfixinsights.correlate;

import io.postfixinsights.parse.PostfixEvent;
import io.postfixinsights.parse.PostfixEvent.BounceNotification;
import io.postfixinsights.parse.PostfixEvent.CleanupAction;
import io.postfixinsights.parse.PostfixEvent.CleanupMessageId;
import io.postfixinsights.parse.PostfixEvent.Delivery;
import io.postfixinsights.parse.PostfixEvent.PickupReceived;
import io.postfixinsights.parse.PostfixEvent.PostsuperAction;
import io.postfixinsights.parse.PostfixEvent.QmgrExpired;
import io.postfixinsights.parse.PostfixEvent.QmgrQueued;
import io.postfixinsights.parse.PostfixEvent.QmgrRemoved;
import io.postfixinsights.parse.PostfixEvent.QueueEvent;
import io.postfixinsights.parse.PostfixEvent.Reject;
import io.postfixinsights.parse.PostfixEvent.SmtpdClient;
import io.postfixinsights.parse.SyslogHeader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns the event stream into messages: the lines of one queue ID on one host and instance are gathered until qmgr
 * logs {@code removed}, then emitted as one {@link MessageRecord}. Only open messages are held, so memory follows the
 * queue, not the log. Pre-queue rejects pass straight through.
 *
 * <p>Feed it in log order. Not thread-safe: one correlator per ingestion.
 */
public final class Correlator {

    /** Where finished messages and rejects go. */
    public interface Sink {
        void message(MessageRecord message);

        void reject(RejectRecord reject);
    }

    /**
     * A message with no line for this long is flushed as {@link MessageState#ABANDONED}. Postfix retries a deferred
     * message at least every {@code maximal_backoff_time} (default 4000 s) and gives up after
     * {@code maximal_queue_lifetime} (default 5 days), so silence this long means its end was never logged.
     */
    public static final Duration DEFAULT_MAX_SILENCE = Duration.ofDays(10);

    private static final int SWEEP_EVERY = 1 << 16;

    private final Sink sink;
    private final Duration maxSilence;
    private final Map<Key, OpenMessage> open = new HashMap<>();
    private Instant newest = Instant.EPOCH;
    private int sinceSweep;
    private long abandoned;

    public Correlator(Sink sink) {
        this(sink, DEFAULT_MAX_SILENCE);
    }

    public Correlator(Sink sink, Duration maxSilence) {
        this.sink = sink;
        this.maxSilence = maxSilence;
    }

    /** Takes back a message a previous run left open, so that this run completes it. */
    public void restore(MessageRecord previous) {
        Key key = new Key(previous.host(), previous.instance(), previous.queueId());
        open.put(key, OpenMessage.restore(previous));
        if (previous.lastSeen().isAfter(newest)) {
            newest = previous.lastSeen();
        }
    }

    /**
     * Takes one parsed Postfix line.
     *
     * @return true if the line contributed to a message or a reject, false if the correlator had no use for it
     */
    public boolean accept(SyslogHeader header, PostfixEvent event, String rawLine) {
        Instant at = header.timestamp();
        if (at.isAfter(newest)) {
            newest = at;
        }
        if (++sinceSweep >= SWEEP_EVERY) {
            sweep();
        }
        if (event instanceof Reject reject) {
            acceptReject(header, reject, rawLine);
            return true;
        }
        if (!(event instanceof QueueEvent queueEvent)) {
            return false;
        }
        Key key = new Key(header.host(), header.instance(), queueEvent.queueId());
        OpenMessage message = open.get(key);
        if (message != null && startsNewMessage(event) && message.hasOrigin()) {
            // A second client=/uid= line for a queue ID still open: the ID was reused and the end of the earlier
            // message was never logged.
            emit(key, message.close(MessageState.ABANDONED));
            abandoned++;
            message = null;
        }
        if (message == null) {
            message = new OpenMessage(key.host(), key.instance(), key.queueId(), at, originOfFirst(event));
            open.put(key, message);
        }
        message.addLine(at, rawLine);
        apply(key, message, header, event, at);
        return true;
    }

    /** Emits every message still open as {@link MessageState#OPEN}; the next run restores and completes them. */
    public int finish() {
        int count = open.size();
        for (OpenMessage message : open.values()) {
            sink.message(message.close(MessageState.OPEN));
        }
        open.clear();
        return count;
    }

    /** Messages flushed because their end was never logged (queue ID reused, or silent too long). */
    public long abandoned() {
        return abandoned;
    }

    public int openCount() {
        return open.size();
    }

    private void apply(Key key, OpenMessage message, SyslogHeader header, PostfixEvent event, Instant at) {
        if (event instanceof SmtpdClient client) {
            message.client(client);
        } else if (event instanceof PickupReceived pickup) {
            message.pickup(pickup);
        } else if (event instanceof CleanupMessageId id) {
            message.messageId(id.messageId());
        } else if (event instanceof CleanupAction action) {
            message.cleanupAction(action.action());
            if (action.action().equals("reject")) {
                // The client got the error at end of DATA: a pre-queue reject like any smtpd one.
                sink.reject(new RejectRecord(at, header.host(), header.daemon(), message.asReject(action), null));
            }
            if (action.action().equals("reject") || action.action().equals("discard")) {
                emit(key, message.close(MessageState.REJECTED));
            }
        } else if (event instanceof QmgrQueued queued) {
            message.queued(queued);
        } else if (event instanceof Delivery delivery) {
            message.delivery(delivery, at);
        } else if (event instanceof QmgrExpired expired) {
            message.expire(expired, at);
        } else if (event instanceof BounceNotification notification) {
            message.notification(new Notification(at, notification.kind(), notification.notificationQueueId()));
        } else if (event instanceof QmgrRemoved) {
            emit(key, message.close(MessageState.DONE));
        } else if (event instanceof PostsuperAction postsuper
                && postsuper.action().equals("removed")) {
            message.deleteByAdmin(at);
            emit(key, message.close(MessageState.DELETED));
        }
    }

    private void acceptReject(SyslogHeader header, Reject reject, String rawLine) {
        sink.reject(new RejectRecord(header.timestamp(), header.host(), header.daemon(), reject, rawLine));
        if (reject.queueId() == null || !header.daemon().equals("cleanup")) {
            // smtpd rejects with a queue ID refuse one recipient; the message goes on with the others.
            return;
        }
        Key key = new Key(header.host(), header.instance(), reject.queueId());
        OpenMessage message = open.get(key);
        if (message == null) {
            message = new OpenMessage(key.host(), key.instance(), key.queueId(), header.timestamp(), Origin.UNKNOWN);
            open.put(key, message);
        }
        message.addLine(header.timestamp(), rawLine);
        message.cleanupAction(reject.kind());
        if (!reject.kind().equals("hold")) {
            emit(key, message.close(MessageState.REJECTED));
        }
    }

    private void emit(Key key, MessageRecord record) {
        open.remove(key);
        sink.message(record);
    }

    private void sweep() {
        sinceSweep = 0;
        Instant cut = newest.minus(maxSilence);
        for (Iterator<OpenMessage> it = open.values().iterator(); it.hasNext(); ) {
            OpenMessage message = it.next();
            if (message.lastSeen().isBefore(cut)) {
                it.remove();
                abandoned++;
                sink.message(message.close(MessageState.ABANDONED));
            }
        }
    }

    private static boolean startsNewMessage(PostfixEvent event) {
        return event instanceof SmtpdClient || event instanceof PickupReceived;
    }

    private static Origin originOfFirst(PostfixEvent event) {
        if (event instanceof SmtpdClient) {
            return Origin.SMTPD;
        }
        if (event instanceof PickupReceived) {
            return Origin.PICKUP;
        }
        // Postfix's own mail (notifications, forwarded copies) starts at cleanup with no client or pickup line.
        return event instanceof CleanupMessageId ? Origin.INTERNAL : Origin.UNKNOWN;
    }

    private record Key(String host, String instance, String queueId) {}
}
