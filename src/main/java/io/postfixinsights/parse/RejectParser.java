package io.postfixinsights.parse;

/**
 * Door rejects: {@code RCPT from host[ip]:port: 550 5.7.1 reason; from=<a> to=<b> proto=ESMTP helo=<h>}, as logged
 * after {@code NOQUEUE: reject: } or {@code QID: reject: } by smtpd and postscreen, and after
 * {@code QID: milter-reject: } by cleanup (which logs only the DSN, no reply code).
 */
final class RejectParser {

    private RejectParser() {}

    /** Kinds of smtpd/postscreen access actions that refuse or divert a message at the door. */
    static boolean isRejectKind(String kind) {
        return switch (kind) {
            case "reject", "reject_warning", "milter-reject", "discard", "hold", "proxy-reject" -> true;
            default -> false;
        };
    }

    /**
     * Reads the part after {@code kind: }.
     *
     * @return the reject, or null when the text does not have the {@code STAGE from client: } shape
     */
    static PostfixEvent.Reject parse(String queueId, String kind, String m, int p) {
        int len = m.length();
        int stageEnd = p;
        while (stageEnd < len && isStageChar(m.charAt(stageEnd))) {
            stageEnd++;
        }
        if (stageEnd == p) {
            return null;
        }
        String stage = m.substring(p, stageEnd);
        String clientHost = null;
        String clientIp = null;
        int replyStart;
        if (m.startsWith(" from ", stageEnd)) {
            int clientStart = stageEnd + 6;
            int open = m.indexOf('[', clientStart);
            int close = open < 0 ? -1 : m.indexOf(']', open);
            if (close < 0) {
                return null;
            }
            clientHost = Text.nullIfEmpty(m.substring(clientStart, open));
            clientIp = m.substring(open + 1, close);
            int after = close + 1;
            if (after < len && m.charAt(after) == ':' && after + 1 < len && Character.isDigit(m.charAt(after + 1))) {
                after = Text.digitsEnd(m, after + 1);
            }
            if (!m.startsWith(": ", after)) {
                // e.g. fail2ban's cut VRFY line ends right after the client; a reject without a reply
                replyStart = Math.min(after + 1, len);
            } else {
                replyStart = after + 2;
            }
        } else if (m.startsWith(": ", stageEnd)) {
            // proxy-reject: END-OF-MESSAGE: 554 5.7.0 text; from=...
            replyStart = stageEnd + 2;
        } else {
            return null;
        }
        int tail = EnvelopeFields.tailStart(m, replyStart);
        int replyEnd = tail < 0 ? len : tail;
        EnvelopeFields env = tail < 0 ? new EnvelopeFields() : EnvelopeFields.read(m, tail + 2);
        Reply reply = Reply.read(m, replyStart, replyEnd);
        return new PostfixEvent.Reject(
                queueId,
                kind,
                stage,
                clientHost,
                clientIp,
                reply.code,
                reply.dsn,
                reply.text,
                env.from,
                env.to,
                env.proto,
                env.helo);
    }

    private static boolean isStageChar(char c) {
        return (c >= 'A' && c <= 'Z') || c == '-';
    }

    /** {@code 550 5.7.1 text}: code and DSN are optional (cleanup logs {@code 5.7.1 text}, postscreen bare text). */
    record Reply(int code, String dsn, String text) {

        static Reply read(String m, int from, int to) {
            int p = from;
            int code = -1;
            if (to - p >= 3
                    && Text.number(m, p, p + 3) >= 0
                    && (to == p + 3 || m.charAt(p + 3) == ' ' || m.charAt(p + 3) == '-')) {
                code = (int) Text.number(m, p, p + 3);
                p = Math.min(p + 4, to);
            }
            String dsn = null;
            int space = m.indexOf(' ', p);
            int dsnEnd = space < 0 || space > to ? to : space;
            if (Text.isDsn(m, p, dsnEnd)) {
                dsn = m.substring(p, dsnEnd);
                p = Math.min(dsnEnd + 1, to);
            }
            return new Reply(code, dsn, Text.nullIfEmpty(m.substring(p, to)));
        }
    }
}
