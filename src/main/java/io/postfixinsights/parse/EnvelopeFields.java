package io.postfixinsights.parse;

/**
 * The {@code from=<a> to=<b> proto=ESMTP helo=<h>} tail of smtpd, postscreen and cleanup action lines (postscreen
 * separates them with {@code ", "}).
 */
final class EnvelopeFields {

    String from;
    String to;
    String proto;
    String helo;
    /** Index just after the last field read. */
    int end;

    private static final String[] TAIL_STARTS = {"; from=", "; to=", "; proto=", "; helo="};

    /** Index of the {@code "; "} that starts the envelope tail at or after {@code from}, or -1. */
    static int tailStart(String m, int from) {
        for (String start : TAIL_STARTS) {
            int i = m.indexOf(start, from);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Reads fields from {@code start} (just after the {@code "; "}) until something that is not a field. */
    static EnvelopeFields read(String m, int start) {
        EnvelopeFields f = new EnvelopeFields();
        int len = m.length();
        int p = start;
        while (p < len) {
            int valueStart;
            int key;
            if (m.startsWith("from=", p)) {
                key = 0;
                valueStart = p + 5;
            } else if (m.startsWith("to=", p)) {
                key = 1;
                valueStart = p + 3;
            } else if (m.startsWith("proto=", p)) {
                key = 2;
                valueStart = p + 6;
            } else if (m.startsWith("helo=", p)) {
                key = 3;
                valueStart = p + 5;
            } else {
                break;
            }
            int valueEnd = Text.valueEnd(m, valueStart, " ,:;");
            String value = Text.unangle(m, valueStart, valueEnd);
            switch (key) {
                case 0 -> f.from = value;
                case 1 -> f.to = value;
                case 2 -> f.proto = value;
                default -> f.helo = value;
            }
            f.end = valueEnd;
            p = valueEnd;
            if (m.startsWith(", ", p)) {
                p += 2;
            } else if (p < len && m.charAt(p) == ' ') {
                p++;
            } else {
                break;
            }
        }
        if (f.end == 0) {
            f.end = start;
        }
        return f;
    }
}
