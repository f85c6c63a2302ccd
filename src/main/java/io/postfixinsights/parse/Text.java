package io.postfixinsights.parse;

/** Small scanning helpers over one message, index based, no regular expressions. */
final class Text {

    private Text() {}

    /**
     * Length of the queue ID that starts the message ({@code A4C392432F: ...}, {@code 4PbC4x469Jz3tBr: ...}), or 0.
     * Short IDs are upper-case hex; long IDs are ten characters of Postfix's vowel-free base 52 (time), a {@code z},
     * then the inode in base 51, so English words like {@code warning:} never match.
     */
    static int queueIdLength(String m) {
        int len = m.length();
        int i = 0;
        boolean hex = true;
        while (i < len) {
            char c = m.charAt(i);
            if (c == ':') {
                break;
            }
            boolean digit = c >= '0' && c <= '9';
            boolean upper = c >= 'A' && c <= 'Z';
            boolean lower = c >= 'a' && c <= 'z';
            if (!digit && !upper && !lower) {
                return 0;
            }
            hex &= digit || (c >= 'A' && c <= 'F');
            i++;
        }
        if (i == len || (i + 1 < len && m.charAt(i + 1) != ' ')) {
            return 0;
        }
        if (hex) {
            return i >= 5 ? i : 0;
        }
        return i >= 12 && m.charAt(10) == 'z' && isLongIdHead(m) ? i : 0;
    }

    private static boolean isLongIdHead(String m) {
        for (int k = 0; k < 10; k++) {
            char c = m.charAt(k);
            if ("AEIOUaeiou".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is a queue ID as a whole word. */
    static boolean isQueueId(String s) {
        return !s.isEmpty() && queueIdLength(s + ": ") == s.length();
    }

    /**
     * Index of the {@code >} that closes an angle-bracketed value opened at {@code open}: the first {@code >} followed
     * by a separator or the end. Returns {@code m.length()} when the line was cut short before it.
     */
    static int angleEnd(String m, int open) {
        int len = m.length();
        int i = m.indexOf('>', open + 1);
        while (i >= 0) {
            if (i + 1 == len) {
                return i;
            }
            char next = m.charAt(i + 1);
            if (next == ' ' || next == ',' || next == ':' || next == ';' || next == ')') {
                return i;
            }
            i = m.indexOf('>', i + 1);
        }
        return len;
    }

    /** End (exclusive) of the value at {@code start}: just past its closing {@code >}, or at the first of {@code stops}. */
    static int valueEnd(String m, int start, String stops) {
        int len = m.length();
        if (start < len && m.charAt(start) == '<') {
            return Math.min(angleEnd(m, start) + 1, len);
        }
        int i = start;
        while (i < len && stops.indexOf(m.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    /** The value between {@code start} and {@code end} with one pair of angle brackets removed. */
    static String unangle(String m, int start, int end) {
        if (start < end && m.charAt(start) == '<') {
            int close = end > start + 1 && m.charAt(end - 1) == '>' ? end - 1 : end;
            return m.substring(start + 1, close);
        }
        return m.substring(start, end);
    }

    /** Parses a plain decimal like {@code 0.07} or {@code 63495}; other forms fall back to the JDK; bad input -> -1. */
    static double decimal(String s, int from, int to) {
        long mantissa = 0;
        int scale = -1;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9' && digits < 17) {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                try {
                    return Double.parseDouble(s.substring(from, to));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        if (digits == 0) {
            return -1;
        }
        return scale <= 0 ? mantissa : mantissa / POWERS[scale];
    }

    private static final double[] POWERS = {
        1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17
    };

    /** Non-negative integer in {@code [from, to)}, or -1. */
    static long number(String s, int from, int to) {
        if (from >= to || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** A DSN code {@code X.Y.Z} (each part digits) spanning {@code [from, to)}. */
    static boolean isDsn(String s, int from, int to) {
        int dots = 0;
        boolean digitBefore = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (!digitBefore) {
                    return false;
                }
                dots++;
                digitBefore = false;
            } else if (c >= '0' && c <= '9') {
                digitBefore = true;
            } else {
                return false;
            }
        }
        return dots == 2 && digitBefore;
    }

    static String nullIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
