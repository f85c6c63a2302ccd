package io.postfixinsights.parse;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

/**
 * Parses one syslog line at a time into a {@link ParseResult}. Plain Java, no regular expressions on the hot path:
 * the header and the common messages are read with {@code indexOf}/{@code startsWith}.
 *
 * <p>Accepted stamps: classic {@code Mmm dd HH:MM:SS} (day space padded or not), RFC 3339 with fraction and offset,
 * and {@code YYYY-MM-DD HH:MM:SS[.fff]} without a zone (read in the configured zone). See {@link StampClock} for
 * how classic stamps get a year.
 *
 * <p>A line is Postfix when the last component of its program tag is a Postfix daemon or command and the tag starts
 * with {@code postfix} or contains a {@code /} ({@code submission/smtpd}, {@code smtp-25/smtpd}); the bare tag
 * {@code postfix} (the postfix(1) command) counts too. Tags under {@code cyrus/} are Cyrus IMAP (its
 * {@code cyrus/master} would otherwise look like Postfix's master). A tag without {@code /} ({@code postfix-script},
 * {@code postfix}) belongs to the default instance: syslog name {@code postfix}.
 *
 * <p>Headers of other programs keep the tag split the same way: syslog name = the tag without its last
 * {@code /component} (the whole tag when it has none), daemon = the last component.
 *
 * <p>Not thread-safe (year inference is per stream): use one instance per reading thread.
 */
public final class LineParser {

    static final Set<String> POSTFIX_DAEMONS = Set.of(
            "smtpd",
            "smtp",
            "lmtp",
            "cleanup",
            "qmgr",
            "oqmgr",
            "pickup",
            "local",
            "virtual",
            "pipe",
            "error",
            "retry",
            "discard",
            "bounce",
            "defer",
            "trace",
            "postscreen",
            "dnsblog",
            "tlsproxy",
            "anvil",
            "scache",
            "verify",
            "master",
            "postsuper",
            "postqueue",
            "postdrop",
            "sendmail",
            "postfix-script",
            "postlog",
            "postmap",
            "postmulti",
            "tlsmgr",
            "proxymap",
            "trivial-rewrite",
            "showq",
            "flush",
            "spawn",
            "qmqpd");

    /** First tag components of other software whose daemons share a name with a Postfix daemon. */
    private static final Set<String> FOREIGN_FAMILIES = Set.of("cyrus");

    private static final String DEFAULT_SYSLOG_NAME = "postfix";

    private final StampClock clock;

    public LineParser(ZoneId zoneForZonelessStamps) {
        this.clock = new StampClock(zoneForZonelessStamps);
    }

    /** Hint for classic (year-less) stamps: the modification time of the file about to be read (capped at now by caller). */
    public void startFile(Instant fileModified) {
        clock.startFile(fileModified);
    }

    /** Never throws: every line ends as exactly one result. */
    public ParseResult parse(String line) {
        try {
            return parseUnchecked(line);
        } catch (RuntimeException e) {
            // A bug or an input shape we did not foresee must cost one line, not the run.
            return new ParseResult.Unrecognised(null, "parser-error");
        }
    }

    private ParseResult parseUnchecked(String line) {
        if (line == null) {
            return new ParseResult.Unrecognised(null, "no-header");
        }
        long[] stamp = new long[2]; // epoch second, nano
        int pos = readStamp(line, stamp);
        if (pos == -2) {
            return new ParseResult.Unrecognised(null, "bad-timestamp");
        }
        if (pos < 0) {
            return new ParseResult.Unrecognised(null, "no-header");
        }
        int hostEnd = line.indexOf(' ', pos);
        if (hostEnd <= pos) {
            return new ParseResult.Unrecognised(null, "no-header");
        }
        int tagStart = hostEnd + 1;
        int len = line.length();
        int tagEnd = tagStart;
        while (tagEnd < len) {
            char c = line.charAt(tagEnd);
            if (c == '[' || c == ':' || c == ' ') {
                break;
            }
            tagEnd++;
        }
        if (tagEnd == tagStart || tagEnd == len || line.charAt(tagEnd) == ' ') {
            return new ParseResult.Unrecognised(null, "no-header");
        }
        int pid = -1;
        int colon = tagEnd;
        if (line.charAt(tagEnd) == '[') {
            int close = line.indexOf(']', tagEnd);
            if (close < 0) {
                return new ParseResult.Unrecognised(null, "no-header");
            }
            pid = parsePid(line, tagEnd + 1, close);
            colon = close + 1;
        }
        if (colon >= len || line.charAt(colon) != ':' || (colon + 1 < len && line.charAt(colon + 1) != ' ')) {
            return new ParseResult.Unrecognised(null, "no-header");
        }
        String message = colon + 2 <= len ? line.substring(colon + 2) : "";

        Instant timestamp = Instant.ofEpochSecond(stamp[0], stamp[1]);
        String host = line.substring(pos, hostEnd);
        int lastSlash = line.lastIndexOf('/', tagEnd - 1);
        boolean hasSlash = lastSlash >= tagStart;
        String daemon = line.substring(hasSlash ? lastSlash + 1 : tagStart, tagEnd);
        boolean postfix = isPostfixTag(line, tagStart, tagEnd, hasSlash, daemon);
        String syslogName;
        if (hasSlash) {
            syslogName = line.substring(tagStart, lastSlash);
        } else {
            syslogName = postfix ? DEFAULT_SYSLOG_NAME : daemon;
        }
        SyslogHeader header = new SyslogHeader(timestamp, host, syslogName, daemon, pid);
        if (!postfix) {
            return new ParseResult.OtherProgram(header);
        }
        PostfixEvent event = MessageParser.parse(daemon, message);
        return event == null
                ? new ParseResult.Unrecognised(header, "unknown-" + daemon)
                : new ParseResult.Parsed(header, event);
    }

    private static boolean isPostfixTag(String line, int tagStart, int tagEnd, boolean hasSlash, String daemon) {
        boolean startsWithPostfix = line.startsWith(DEFAULT_SYSLOG_NAME, tagStart);
        if (!hasSlash) {
            return startsWithPostfix && (daemon.equals(DEFAULT_SYSLOG_NAME) || POSTFIX_DAEMONS.contains(daemon));
        }
        if (!POSTFIX_DAEMONS.contains(daemon)) {
            return false;
        }
        if (startsWithPostfix) {
            return true;
        }
        int firstSlash = line.indexOf('/', tagStart);
        return !FOREIGN_FAMILIES.contains(line.substring(tagStart, firstSlash));
    }

    private static int parsePid(String s, int from, int to) {
        long pid = Text.number(s, from, to);
        return pid > Integer.MAX_VALUE ? -1 : (int) pid;
    }

    /**
     * Reads the stamp at the start of the line into {@code out} (epoch second, nano).
     *
     * @return the index of the host field, -1 if there is no stamp, -2 if a stamp is there but impossible
     */
    private int readStamp(String s, long[] out) {
        int len = s.length();
        if (len < 16) {
            return -1;
        }
        char c0 = s.charAt(0);
        if (c0 >= '0' && c0 <= '9') {
            return readNumericStamp(s, out);
        }
        int month = month(s.charAt(0), s.charAt(1), s.charAt(2));
        if (month == 0 || s.charAt(3) != ' ') {
            return -1;
        }
        int p = 4;
        if (s.charAt(p) == ' ') {
            p++;
        }
        int day = digit(s, p);
        if (day < 0) {
            return -1;
        }
        p++;
        int d2 = digit(s, p);
        if (d2 >= 0) {
            day = day * 10 + d2;
            p++;
        }
        if (p + 10 > len || s.charAt(p) != ' ') {
            return -1;
        }
        p++;
        int hour = twoDigits(s, p);
        int minute = twoDigits(s, p + 3);
        int second = twoDigits(s, p + 6);
        if (hour < 0 || minute < 0 || second < 0 || s.charAt(p + 2) != ':' || s.charAt(p + 5) != ':') {
            return -1;
        }
        p += 8;
        int nanoEnd = skipFraction(s, p);
        long nanos = fractionNanos(s, p, nanoEnd);
        p = nanoEnd;
        if (p >= len || s.charAt(p) != ' ') {
            return -1;
        }
        if (hour > 23 || minute > 59 || second > 60 || day > 31) {
            return -2;
        }
        int year = clock.yearFor(month, day, hour, minute, second);
        if (!StampClock.validDay(year, month, day)) {
            return -2;
        }
        out[0] = clock.localToEpoch(year, month, day, hour, minute, Math.min(second, 59));
        out[1] = nanos;
        return p + 1;
    }

    /** {@code 2023-03-14T00:00:31.185246+01:00} or {@code 2023-03-14 00:00:31[.fff]}. */
    private int readNumericStamp(String s, long[] out) {
        int len = s.length();
        if (len < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return -1;
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != ' ') {
            return -1;
        }
        int year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
        int month = twoDigits(s, 5);
        int day = twoDigits(s, 8);
        int hour = twoDigits(s, 11);
        int minute = twoDigits(s, 14);
        int second = twoDigits(s, 17);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return -1;
        }
        int p = skipFraction(s, 19);
        long nanos = fractionNanos(s, 19, p);
        Integer offsetSeconds = null;
        if (p < len && s.charAt(p) == 'Z') {
            offsetSeconds = 0;
            p++;
        } else if (p < len && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
            boolean colonForm = p + 3 < len && s.charAt(p + 3) == ':';
            int oh = twoDigits(s, p + 1);
            int om = twoDigits(s, colonForm ? p + 4 : p + 3);
            if (oh < 0 || om < 0) {
                return -1;
            }
            int sign = s.charAt(p) == '-' ? -1 : 1;
            offsetSeconds = sign * (oh * 3600 + om * 60);
            p += colonForm ? 6 : 5;
        }
        if (p >= len || s.charAt(p) != ' ') {
            return -1;
        }
        if (!StampClock.validDay(year, month, day) || hour > 23 || minute > 59 || second > 60) {
            return -2;
        }
        int sec = Math.min(second, 59);
        long epoch = offsetSeconds == null
                ? clock.localToEpoch(year, month, day, hour, minute, sec)
                : StampClock.epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + sec - offsetSeconds;
        clock.sawFullInstant(epoch);
        out[0] = epoch;
        out[1] = nanos;
        return p + 1;
    }

    private static int skipFraction(String s, int p) {
        int len = s.length();
        if (p < len && s.charAt(p) == '.') {
            int q = p + 1;
            while (q < len && s.charAt(q) >= '0' && s.charAt(q) <= '9') {
                q++;
            }
            return q;
        }
        return p;
    }

    private static long fractionNanos(String s, int dot, int end) {
        long nanos = 0;
        int digits = 0;
        for (int i = dot + 1; i < end && digits < 9; i++, digits++) {
            nanos = nanos * 10 + (s.charAt(i) - '0');
        }
        for (; digits < 9; digits++) {
            nanos *= 10;
        }
        return end > dot ? nanos : 0;
    }

    private static int digit(String s, int i) {
        if (i >= s.length()) {
            return -1;
        }
        char c = s.charAt(i);
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }

    private static int twoDigits(String s, int i) {
        int a = digit(s, i);
        int b = digit(s, i + 1);
        return a < 0 || b < 0 ? -1 : a * 10 + b;
    }

    private static int month(char a, char b, char c) {
        switch (a) {
            case 'J':
                return b == 'a' && c == 'n' ? 1 : b == 'u' ? (c == 'n' ? 6 : c == 'l' ? 7 : 0) : 0;
            case 'F':
                return b == 'e' && c == 'b' ? 2 : 0;
            case 'M':
                return b == 'a' ? (c == 'r' ? 3 : c == 'y' ? 5 : 0) : 0;
            case 'A':
                return b == 'p' && c == 'r' ? 4 : b == 'u' && c == 'g' ? 8 : 0;
            case 'S':
                return b == 'e' && c == 'p' ? 9 : 0;
            case 'O':
                return b == 'c' && c == 't' ? 10 : 0;
            case 'N':
                return b == 'o' && c == 'v' ? 11 : 0;
            case 'D':
                return b == 'e' && c == 'c' ? 12 : 0;
            default:
                return 0;
        }
    }
}
