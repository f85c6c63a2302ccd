package io.postfixinsights.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.zip.GZIPOutputStream;

/**
 * Takes lines scheduled at any future time, writes them in time order into a logrotate set, and runs each line's
 * {@link LineEffect} when (and only when) the line is really written. Lines scheduled at or after the end of the period
 * are never written; their effects get {@link LineEffect#dropped()} instead, which is how "still queued" is known.
 *
 * <p>Callers must only schedule lines at or after the time they last asked to {@link #flushBefore(long) flush}; the
 * generator guarantees this by creating sessions in time order.
 */
final class RotatingLogWriter implements AutoCloseable {

    /** What a written line means for the truth; runs once, on the day (local date) the line carries. */
    interface LineEffect {
        void written(LocalDate day);

        default void dropped() {}
    }

    /** One file of the set, as written. */
    record FileStats(String name, long lines, String firstTimestamp, String lastTimestamp) {}

    private record Line(long micros, long seq, int host, String text, LineEffect effect) {}

    private final PriorityQueue<Line> pending = new PriorityQueue<>(
            1024, (a, b) -> a.micros != b.micros ? Long.compare(a.micros, b.micros) : Long.compare(a.seq, b.seq));
    private final Path dir;
    private final List<String> hosts;
    private final boolean rfc3339;
    private final ZoneId zone;
    private final long endMicros;
    /** Rotation instants: file k holds lines before boundaries[k]; the last file holds the rest. */
    private final long[] boundaries;

    private final List<FileStats> written = new ArrayList<>();
    private final StringBuilder buf = new StringBuilder(512);
    private long seq;

    private int fileIndex = -1;
    private Writer out;
    private long fileLines;
    private String fileFirst;
    private long lastMicros = Long.MIN_VALUE;
    private String firstTimestamp;
    private String lastTimestamp;

    // Timestamp cache: offset per UTC hour, text prefix per local hour.
    private long offsetHour = Long.MIN_VALUE;
    private int offsetSeconds;
    private String offsetText;
    private long localHour = Long.MIN_VALUE;
    private String hourPrefix;
    private LocalDate localDay;

    RotatingLogWriter(Path dir, List<String> hosts, boolean rfc3339, ZoneId zone, long endMicros, long[] boundaries) {
        this.dir = dir;
        this.hosts = List.copyOf(hosts);
        this.rfc3339 = rfc3339;
        this.zone = zone;
        this.endMicros = endMicros;
        this.boundaries = boundaries.clone();
    }

    /** Number of files in the set, oldest first: index 0 becomes the highest-numbered file. */
    int fileCount() {
        return boundaries.length + 1;
    }

    /** Logrotate name of the file written as the {@code k}-th (0 = oldest). */
    String fileName(int k) {
        int number = fileCount() - 1 - k;
        if (number == 0) {
            return "mail.log";
        }
        return number == 1 ? "mail.log.1" : "mail.log." + number + ".gz";
    }

    void schedule(long micros, int host, String text, LineEffect effect) {
        pending.add(new Line(micros, seq++, host, text, effect));
    }

    void schedule(long micros, int host, String text) {
        schedule(micros, host, text, null);
    }

    /** Writes every scheduled line earlier than {@code micros} (and before the end of the period). */
    void flushBefore(long micros) {
        long limit = Math.min(micros, endMicros);
        while (!pending.isEmpty() && pending.peek().micros < limit) {
            write(pending.poll());
        }
    }

    List<FileStats> files() {
        return List.copyOf(written);
    }

    String firstTimestamp() {
        return firstTimestamp;
    }

    String lastTimestamp() {
        return lastTimestamp;
    }

    /** Writes what falls inside the period, drops the rest (telling their effects), closes every file. */
    @Override
    public void close() {
        flushBefore(endMicros);
        while (!pending.isEmpty()) {
            Line line = pending.poll();
            if (line.effect != null) {
                line.effect.dropped();
            }
        }
        while (fileIndex < fileCount() - 1) {
            openNext();
        }
        closeCurrent();
    }

    private void write(Line line) {
        while (fileIndex < 0 || (fileIndex < boundaries.length && line.micros >= boundaries[fileIndex])) {
            openNext();
        }
        buf.setLength(0);
        appendTimestamp(buf, line.micros);
        int tsEnd = buf.length();
        buf.append(' ')
                .append(hosts.get(line.host))
                .append(' ')
                .append(line.text)
                .append('\n');
        try {
            out.append(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (fileFirst == null) {
            fileFirst = buf.substring(0, tsEnd);
            if (firstTimestamp == null) {
                firstTimestamp = fileFirst;
            }
        }
        fileLines++;
        // Materialising the timestamp of every line would cost a String per line; keep the last one's micros.
        lastMicros = line.micros;
        if (line.effect != null) {
            line.effect.written(localDay);
        }
    }

    private String timestampOf(long micros) {
        StringBuilder text = new StringBuilder(40);
        appendTimestamp(text, micros);
        return text.toString();
    }

    private void openNext() {
        closeCurrent();
        fileIndex++;
        String name = fileName(fileIndex);
        try {
            OutputStream raw = Files.newOutputStream(dir.resolve(name));
            // GZIPOutputStream writes MTIME 0 in its header, so the bytes do not depend on the wall clock.
            OutputStream stream = name.endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
            out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fileLines = 0;
        fileFirst = null;
        lastMicros = Long.MIN_VALUE;
    }

    private void closeCurrent() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String fileLast = lastMicros == Long.MIN_VALUE ? null : timestampOf(lastMicros);
        if (fileLast != null) {
            lastTimestamp = fileLast;
        }
        written.add(new FileStats(fileName(fileIndex), fileLines, fileFirst, fileLast));
        out = null;
    }

    private void appendTimestamp(StringBuilder buf, long micros) {
        long second = Math.floorDiv(micros, 1_000_000L);
        long utcHour = Math.floorDiv(second, 3600L);
        if (utcHour != offsetHour) {
            offsetHour = utcHour;
            ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochSecond(utcHour * 3600L));
            offsetSeconds = offset.getTotalSeconds();
            // ZoneOffset.UTC prints as "Z"; rsyslog writes "+00:00".
            offsetText = offsetSeconds == 0 ? "+00:00" : offset.getId();
            localHour = Long.MIN_VALUE;
        }
        long local = second + offsetSeconds;
        long hour = Math.floorDiv(local, 3600L);
        if (hour != localHour) {
            localHour = hour;
            LocalDateTime start = LocalDateTime.ofEpochSecond(hour * 3600L, 0, ZoneOffset.UTC);
            localDay = start.toLocalDate();
            hourPrefix = rfc3339
                    ? String.format(
                            Locale.ROOT,
                            "%s-%02d-%02dT%02d:",
                            start.getYear(),
                            start.getMonthValue(),
                            start.getDayOfMonth(),
                            start.getHour())
                    : String.format(
                            Locale.ROOT,
                            "%s %2d %02d:",
                            start.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                            start.getDayOfMonth(),
                            start.getHour());
        }
        int inHour = (int) (local - hour * 3600L);
        buf.append(hourPrefix);
        twoDigits(buf, inHour / 60);
        buf.append(':');
        twoDigits(buf, inHour % 60);
        if (rfc3339) {
            int fraction = (int) Math.floorMod(micros, 1_000_000L);
            buf.append('.');
            String digits = Integer.toString(fraction);
            for (int i = digits.length(); i < 6; i++) {
                buf.append('0');
            }
            buf.append(digits).append(offsetText);
        }
    }

    private static void twoDigits(StringBuilder buf, int value) {
        buf.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
