package io.postfixinsights.parse;

/**
 * Delivery agent lines: {@code to=<r>, orig_to=<o>, relay=host[ip]:port, conn_use=2, delay=1.2,
 * delays=a/b/c/d, dsn=X.Y.Z, status=sent (reply)}. Fields are read left to right, split on {@code ", "}; the reply
 * is everything inside the outer parentheses, which may itself hold parentheses and commas. A reply cut short (no
 * closing parenthesis, as in logs pasted from a pager, which end such lines with {@code $}) is kept as far as it goes.
 */
final class DeliveryParser {

    private DeliveryParser() {}

    /** @return the delivery, or null when there is no usable {@code status=} */
    static PostfixEvent.Delivery parse(String queueId, String agent, String m, int p) {
        int len = m.length();
        String to = null;
        String origTo = null;
        String relayHost = null;
        String relayIp = null;
        int relayPort = -1;
        double delay = -1;
        double[] delays = null;
        String dsn = null;
        while (p < len) {
            int eq = m.indexOf('=', p);
            if (eq < 0) {
                return null;
            }
            int valueStart = eq + 1;
            if (eq - p == 6 && m.startsWith("status", p)) {
                return finish(
                        queueId, agent, m, valueStart, to, origTo, relayHost, relayIp, relayPort, delay, delays, dsn);
            }
            int valueEnd;
            if (valueStart < len && m.charAt(valueStart) == '<') {
                valueEnd = Math.min(Text.angleEnd(m, valueStart) + 1, len);
            } else {
                valueEnd = m.indexOf(", ", valueStart);
                if (valueEnd < 0) {
                    valueEnd = len;
                }
            }
            switch (eq - p) {
                case 2 -> {
                    if (m.startsWith("to", p)) {
                        to = Text.unangle(m, valueStart, valueEnd);
                    }
                }
                case 7 -> {
                    if (m.startsWith("orig_to", p)) {
                        origTo = Text.unangle(m, valueStart, valueEnd);
                    }
                }
                case 5 -> {
                    if (m.startsWith("relay", p)) {
                        int open = m.indexOf('[', valueStart);
                        if (open < 0 || open > valueEnd) {
                            relayHost = m.substring(valueStart, valueEnd);
                        } else {
                            relayHost = m.substring(valueStart, open);
                            int close = m.lastIndexOf(']', valueEnd - 1);
                            if (close > open) {
                                relayIp = m.substring(open + 1, close);
                                if (close + 1 < valueEnd && m.charAt(close + 1) == ':') {
                                    relayPort = (int) Text.number(m, close + 2, valueEnd);
                                }
                            } else {
                                relayIp = m.substring(open + 1, valueEnd);
                            }
                        }
                    } else if (m.startsWith("delay", p)) {
                        delay = Text.decimal(m, valueStart, valueEnd);
                    }
                }
                case 6 -> {
                    if (m.startsWith("delays", p)) {
                        delays = delays(m, valueStart, valueEnd);
                    }
                }
                case 3 -> {
                    if (m.startsWith("dsn", p)) {
                        dsn = m.substring(valueStart, valueEnd);
                    }
                }
                default -> {
                    // conn_use=, tls=, and fields of later Postfix versions: not used
                }
            }
            p = valueEnd + 2;
        }
        return null;
    }

    private static PostfixEvent.Delivery finish(
            String queueId,
            String agent,
            String m,
            int statusStart,
            String to,
            String origTo,
            String relayHost,
            String relayIp,
            int relayPort,
            double delay,
            double[] delays,
            String dsn) {
        int len = m.length();
        int statusEnd = statusStart;
        while (statusEnd < len && m.charAt(statusEnd) != ' ' && m.charAt(statusEnd) != ',') {
            statusEnd++;
        }
        DeliveryStatus status = status(m.substring(statusStart, statusEnd));
        if (status == null) {
            return null;
        }
        String reply = null;
        String queuedAs = null;
        if (m.startsWith(" (", statusEnd)) {
            int end = len;
            while (end > statusEnd && m.charAt(end - 1) == ' ') {
                end--;
            }
            if (m.charAt(end - 1) == ')') {
                end--;
            } else if (m.charAt(end - 1) == '$') {
                end--; // pager cut mark
            }
            reply = m.substring(Math.min(statusEnd + 2, end), end);
            queuedAs = queuedAs(reply);
        }
        return new PostfixEvent.Delivery(
                queueId,
                agent,
                to,
                origTo,
                Text.nullIfEmpty(relayHost),
                relayIp,
                relayPort,
                delay,
                delays,
                dsn,
                status,
                reply,
                queuedAs);
    }

    static DeliveryStatus status(String word) {
        switch (word) {
            case "sent":
                return DeliveryStatus.SENT;
            case "deferred":
                return DeliveryStatus.DEFERRED;
            case "bounced":
                return DeliveryStatus.BOUNCED;
            case "expired":
                return DeliveryStatus.EXPIRED;
            case "SOFTBOUNCE":
            case "softbounce":
                return DeliveryStatus.SOFTBOUNCE;
            case "deliverable":
                return DeliveryStatus.DELIVERABLE;
            case "undeliverable":
            case "undeliverable-but-not-cached": // verify probe result that was not stored in the cache
                return DeliveryStatus.UNDELIVERABLE;
            default:
                return null;
        }
    }

    /** The queue ID in the last {@code queued as X} of a reply (content-filter re-injection), or null. */
    static String queuedAs(String reply) {
        int i = reply.lastIndexOf("queued as ");
        if (i < 0) {
            return null;
        }
        int start = i + 10;
        int end = start;
        while (end < reply.length() && Character.isLetterOrDigit(reply.charAt(end))) {
            end++;
        }
        return end > start ? reply.substring(start, end) : null;
    }

    private static double[] delays(String m, int from, int to) {
        double[] parts = new double[4];
        int start = from;
        for (int i = 0; i < 4; i++) {
            int slash = i < 3 ? m.indexOf('/', start) : to;
            if (slash < 0 || slash > to) {
                return null;
            }
            parts[i] = Text.decimal(m, start, slash);
            start = slash + 1;
        }
        return parts;
    }
}
