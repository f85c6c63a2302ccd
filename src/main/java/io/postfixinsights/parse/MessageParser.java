package io.postfixinsights.parse;

import io.postfixinsights.parse.PostfixEvent.Noise;
import java.util.Set;

/**
 * The message part of a Postfix line (after {@code daemon[pid]: }) to an event. Returns null for text it does not
 * know, which the caller reports as {@code unknown-<daemon>}.
 */
final class MessageParser {

    private MessageParser() {}

    /** Daemons that log nothing per message: all their text is recognised as noise of kind = daemon. */
    private static final Set<String> NOISE_DAEMONS = Set.of(
            "anvil",
            "scache",
            "dnsblog",
            "verify",
            "tlsproxy",
            "tlsmgr",
            "trivial-rewrite",
            "proxymap",
            "postmap",
            "postmulti",
            "postfix-script",
            "postlog",
            "spawn",
            "flush",
            "showq",
            "postqueue",
            "postdrop",
            "sendmail",
            "postfix");

    private static final Set<String> CLEANUP_ACTIONS = Set.of(
            "reject", "discard", "hold", "warning", "redirect", "filter", "replace", "prepend", "info", "bcc", "strip");

    /** smtpd lines without a queue ID, by prefix. Order matters only where prefixes overlap. */
    private static final String[][] SMTPD_NOISE = {
        {"connect from ", "smtpd-connect"},
        {"disconnect from ", "smtpd-disconnect"},
        {"lost connection after ", "lost-connection"},
        {"timeout after ", "timeout"},
        {"improper command pipelining ", "improper-pipelining"},
        {"too many errors after ", "too-many-errors"},
        {"Anonymous TLS connection established", "tls"},
        {"Trusted TLS connection established", "tls"},
        {"Untrusted TLS connection established", "tls"},
        {"Verified TLS connection established", "tls"},
        {"SSL_accept error", "tls"},
        {"setting up TLS connection", "tls"},
        {"TLS SNI ", "tls"},
        {"discarding EHLO keywords", "ehlo-keywords"},
        {"bare <LF> received", "bare-lf"},
        {"proxy-accept: ", "proxy-accept"},
        {"SASL ", "sasl"},
        {"cannot load Certificate Authority data", "tls"},
    };

    /** smtp/lmtp lines without a queue ID, and conversation lines with one. */
    private static final String[][] SMTP_NOISE = {
        {"connect to ", "smtp-connect-failed"},
        {"host ", "host-said"},
        {"lost connection with ", "lost-connection"},
        {"conversation with ", "conversation"},
        {"Trusted TLS connection established", "tls"},
        {"Untrusted TLS connection established", "tls"},
        {"Verified TLS connection established", "tls"},
        {"Anonymous TLS connection established", "tls"},
        {"SSL_connect error", "tls"},
        {"Host offered STARTTLS", "tls"},
        {"Cannot start TLS", "tls"},
        {"server certificate verification failed", "tls"},
        {"certificate verification failed for ", "tls"},
        {"enabling PIX workarounds", "pix-workaround"},
        {"breaking line > ", "line-too-long"},
        {"SASL authentication failed", "sasl"},
    };

    private static final String[][] DIAGNOSTICS = {
        {"warning: ", "warning"},
        {"fatal: ", "fatal"},
        {"panic: ", "panic"},
        {"error: ", "error"},
    };

    static PostfixEvent parse(String daemon, String m) {
        if (NOISE_DAEMONS.contains(daemon)) {
            return new Noise(daemon);
        }
        int queueIdLength = Text.queueIdLength(m);
        if (queueIdLength > 0) {
            String queueId = m.substring(0, queueIdLength);
            int p = Math.min(queueIdLength + 2, m.length());
            PostfixEvent event = withQueueId(daemon, queueId, m, p);
            return event != null ? event : fallback(m, p);
        }
        if (m.startsWith("NOQUEUE: ")) {
            PostfixEvent event = door(null, m, 9);
            return event != null ? event : prefixed(SMTPD_NOISE, m, 9); // old versions: NOQUEUE: lost connection...
        }
        PostfixEvent event = withoutQueueId(daemon, m);
        return event != null ? event : fallback(m, 0);
    }

    /** Diagnostics any daemon may log, then verbose ({@code -v}) debug output. */
    private static PostfixEvent fallback(String m, int p) {
        PostfixEvent event = prefixed(DIAGNOSTICS, m, p);
        if (event == null && VerboseLines.isVerbose(m, p)) {
            event = new Noise(m.startsWith("< ", p) || m.startsWith("> ", p) ? "smtp-trace" : "verbose");
        }
        return event;
    }

    private static PostfixEvent withQueueId(String daemon, String queueId, String m, int p) {
        if (m.startsWith("to=", p)) {
            return DeliveryParser.parse(queueId, daemon, m, p);
        }
        switch (daemon) {
            case "smtpd":
            case "qmqpd":
                if (m.startsWith("client=", p)) {
                    return smtpdClient(queueId, m, p + 7);
                }
                return door(queueId, m, p);
            case "cleanup":
                return cleanup(queueId, m, p);
            case "qmgr":
            case "oqmgr":
                return qmgr(queueId, m, p);
            case "bounce":
            case "defer":
            case "trace":
                return notification(queueId, m, p);
            case "pickup":
                return m.startsWith("uid=", p) ? pickup(queueId, m, p + 4) : null;
            case "postsuper":
                return postsuper(queueId, m, p);
            case "smtp":
            case "lmtp":
                return prefixed(SMTP_NOISE, m, p);
            default:
                return null;
        }
    }

    private static PostfixEvent withoutQueueId(String daemon, String m) {
        switch (daemon) {
            case "smtpd":
            case "qmqpd":
                return smtpdNoise(m);
            case "postscreen":
                return PostscreenParser.parse(m);
            case "smtp":
            case "lmtp":
                return prefixed(SMTP_NOISE, m, 0);
            case "master":
                return master(m);
            case "postsuper":
                return postsuperSummary(m);
            default:
                return null;
        }
    }

    private static PostfixEvent prefixed(String[][] table, String m, int p) {
        for (String[] row : table) {
            if (m.startsWith(row[0], p)) {
                return new Noise(row[1]);
            }
        }
        return null;
    }

    private static PostfixEvent smtpdNoise(String m) {
        if (m.startsWith("warning: ")) {
            if (m.contains(" authentication failed")) {
                return new Noise("sasl-auth-failed");
            }
            if (m.startsWith("warning: non-SMTP command from ")) {
                return new Noise("non-smtp-command");
            }
            return new Noise("warning");
        }
        PostfixEvent event = prefixed(SMTPD_NOISE, m, 0);
        if (event == null && m.startsWith("proxy-reject: ")) {
            return RejectParser.parse(null, "proxy-reject", m, 14);
        }
        return event;
    }

    /** smtpd/postscreen access decisions after {@code NOQUEUE: } or {@code QID: }. */
    private static PostfixEvent door(String queueId, String m, int p) {
        int colon = m.indexOf(": ", p);
        if (colon < 0) {
            return null;
        }
        String kind = m.substring(p, colon);
        if (RejectParser.isRejectKind(kind)) {
            return RejectParser.parse(queueId, kind, m, colon + 2);
        }
        switch (kind) {
            case "filter", "redirect", "warn", "info", "prepend", "bcc", "proxy-accept":
                return new Noise("smtpd-" + kind);
            default:
                return null;
        }
    }

    private static PostfixEvent smtpdClient(String queueId, String m, int p) {
        int len = m.length();
        int end = m.indexOf(", ", p);
        if (end < 0) {
            end = len;
        }
        int open = m.indexOf('[', p);
        String host;
        String ip;
        if (open < 0 || open > end) {
            host = m.substring(p, end);
            ip = null;
        } else {
            host = m.substring(p, open);
            int close = m.indexOf(']', open);
            ip = m.substring(open + 1, close < 0 || close > end ? end : close);
        }
        String saslUser = null;
        String origQueueId = null;
        int q = end + 2;
        while (q < len) {
            int next = m.indexOf(", ", q);
            if (next < 0) {
                next = len;
            }
            if (m.startsWith("sasl_username=", q)) {
                saslUser = m.substring(q + 14, next);
            } else if (m.startsWith("orig_queue_id=", q)) {
                origQueueId = m.substring(q + 14, next);
            }
            q = next + 2;
        }
        return new PostfixEvent.SmtpdClient(queueId, Text.nullIfEmpty(host), ip, saslUser, origQueueId);
    }

    private static PostfixEvent cleanup(String queueId, String m, int p) {
        if (m.startsWith("message-id=", p)) {
            return new PostfixEvent.CleanupMessageId(queueId, Text.unangle(m, p + 11, trimmedEnd(m)));
        }
        if (m.startsWith("resent-message-id=", p)) {
            return new PostfixEvent.CleanupMessageId(queueId, Text.unangle(m, p + 18, trimmedEnd(m)));
        }
        int colon = m.indexOf(": ", p);
        if (colon < 0) {
            return null;
        }
        String action = m.substring(p, colon);
        if (action.equals("milter-reject")) {
            return RejectParser.parse(queueId, action, m, colon + 2);
        }
        if (action.startsWith("milter-")) {
            // milter-discard, milter-hold, milter-header-redirect...: the action is the last word
            action = action.substring(action.lastIndexOf('-') + 1);
        }
        if (!CLEANUP_ACTIONS.contains(action)) {
            return null;
        }
        int checkStart = colon + 2;
        int tail = EnvelopeFields.tailStart(m, checkStart);
        if (tail < 0) {
            return new PostfixEvent.CleanupAction(queueId, action, m.substring(checkStart), null, null, null);
        }
        String check = m.substring(checkStart, tail);
        int from = check.lastIndexOf(" from ");
        if (from >= 0) {
            check = check.substring(0, from); // drop " from client[ip]" / " from local"
        }
        EnvelopeFields env = EnvelopeFields.read(m, tail + 2);
        String text = m.startsWith(": ", env.end) ? m.substring(env.end + 2) : null;
        return new PostfixEvent.CleanupAction(queueId, action, check, env.from, env.to, text);
    }

    private static PostfixEvent qmgr(String queueId, String m, int p) {
        // a word after "removed" is tolerated (one corpus log has hand annotations), "removedo" is not
        if (m.startsWith("removed", p) && (trimmedEnd(m) == p + 7 || m.charAt(p + 7) == ' ')) {
            return new PostfixEvent.QmgrRemoved(queueId);
        }
        if (m.startsWith("skipped, still being delivered", p)) {
            return new Noise("qmgr-skipped");
        }
        if (!m.startsWith("from=", p)) {
            return null;
        }
        int fromEnd = Text.valueEnd(m, p + 5, ",");
        String from = Text.unangle(m, p + 5, fromEnd);
        if (m.startsWith(", status=expired", fromEnd)) {
            return new PostfixEvent.QmgrExpired(queueId, from);
        }
        if (!m.startsWith(", size=", fromEnd)) {
            return null;
        }
        int sizeEnd = Text.digitsEnd(m, fromEnd + 7);
        long size = Text.number(m, fromEnd + 7, sizeEnd);
        int nrcpt = -1;
        if (m.startsWith(", nrcpt=", sizeEnd)) {
            nrcpt = (int) Text.number(m, sizeEnd + 8, Text.digitsEnd(m, sizeEnd + 8));
        }
        return new PostfixEvent.QmgrQueued(queueId, from, size, nrcpt);
    }

    private static PostfixEvent notification(String queueId, String m, int p) {
        NotificationKind kind;
        int idStart;
        if (m.startsWith("sender non-delivery notification: ", p)) {
            kind = NotificationKind.NON_DELIVERY;
            idStart = p + 34;
        } else if (m.startsWith("sender delay notification: ", p)) {
            kind = NotificationKind.DELAY;
            idStart = p + 27;
        } else if (m.startsWith("sender delivery status notification: ", p)) {
            kind = NotificationKind.SUCCESS;
            idStart = p + 37;
        } else if (m.startsWith("postmaster ", p) && m.contains(" notification: ")) {
            // the postmaster's copy: not a notification to the sender
            return new Noise("postmaster-notification");
        } else {
            return null;
        }
        String id = m.substring(idStart, trimmedEnd(m));
        return Text.isQueueId(id) ? new PostfixEvent.BounceNotification(queueId, kind, id) : null;
    }

    private static PostfixEvent pickup(String queueId, String m, int p) {
        int uidEnd = Text.digitsEnd(m, p);
        long uid = Text.number(m, p, uidEnd);
        String from = null;
        if (m.startsWith(" from=", uidEnd)) {
            from = Text.unangle(m, uidEnd + 6, Text.valueEnd(m, uidEnd + 6, " "));
        }
        return new PostfixEvent.PickupReceived(queueId, (int) uid, from);
    }

    private static PostfixEvent postsuper(String queueId, String m, int p) {
        String action = m.substring(p, trimmedEnd(m));
        switch (action) {
            case "removed", "placed on hold", "released from hold", "requeued":
                return new PostfixEvent.PostsuperAction(queueId, action);
            default:
                return null;
        }
    }

    private static PostfixEvent postsuperSummary(String m) {
        for (String prefix : new String[] {"Deleted: ", "Requeued: ", "Placed on hold: ", "Released from hold: "}) {
            if (m.startsWith(prefix)) {
                return new Noise("postsuper-summary");
            }
        }
        return null;
    }

    private static PostfixEvent master(String m) {
        if (m.startsWith("daemon started")) {
            return new Noise("master-start");
        }
        if (m.startsWith("reload")) {
            return new Noise("master-reload");
        }
        if (m.startsWith("terminating on signal")) {
            return new Noise("master-stop");
        }
        return null;
    }

    private static int trimmedEnd(String m) {
        int end = m.length();
        while (end > 0 && m.charAt(end - 1) == ' ') {
            end--;
        }
        return end;
    }
}
