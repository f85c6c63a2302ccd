package io.postfixinsights.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * Streams the lines of one file from an uncompressed byte offset, never holding more than one buffer of it.
 *
 * <p>Lines are split on bytes, not chars, so that the byte offset after every line is exact: that offset is what the
 * ledger stores and where the next run resumes. Bytes are decoded as UTF-8 with replacement characters; a line with
 * invalid UTF-8 or control bytes is passed on (control bytes replaced) and counted, never dropped.
 *
 * <p>A final line without a newline is consumed only in a compressed file, which is a finished rotation; in a plain
 * file syslog may still be writing it, so the next run reads it whole.
 */
public final class LogReader {

    /** Longer lines are passed on cut to this many bytes and counted: a runaway line must not exhaust memory. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private static final int BUFFER_BYTES = 256 * 1024;
    private static final char REPLACEMENT = '\uFFFD';

    /**
     * Reads {@code file} from {@code startOffset} (uncompressed bytes), numbering lines after {@code startLine}.
     * Never throws for bad content: a truncated or unreadable file ends the read with a {@link ReadResult#problem()}.
     */
    public ReadResult read(LogFile file, long startOffset, long startLine, LineConsumer consumer) {
        Reading r = new Reading(file, startOffset, startLine, consumer);
        String tooShort = file.path() + ": content is shorter than the resume offset " + startOffset;
        try (InputStream in = file.compression().open(file.path())) {
            // a plain file stream skips past its end without complaint, so its length is checked first
            if (!file.finished() && Files.size(file.path()) < startOffset) {
                return r.result(false, tooShort);
            }
            try {
                in.skipNBytes(startOffset);
            } catch (EOFException e) {
                // in a compressed file this is also how a truncated stream shows
                return r.result(true, tooShort);
            }
            r.run(in);
        } catch (IOException e) {
            r.failure = e;
        }
        if (r.failure != null) {
            String what = file.finished() ? "compressed stream ends early or is corrupt" : "read failed";
            return r.result(
                    file.finished(),
                    file.path() + ": " + what + " after line " + r.line + " ("
                            + (r.failure.getMessage() == null
                                    ? r.failure.getClass().getSimpleName()
                                    : r.failure.getMessage())
                            + ")");
        }
        return r.result(false, null);
    }

    /** The state of one read. */
    private static final class Reading {
        private final LogFile file;
        private final LineConsumer consumer;
        private final long startLine;
        private final byte[] buf = new byte[BUFFER_BYTES];
        private long base; // uncompressed offset of buf[0]
        private long consumed; // offset after the last consumed line
        private long line;
        private long badByteLines;
        private long firstBadByteLine = -1;
        private long longLines;
        private long firstLongLine = -1;
        private boolean sawHighBytes;
        private boolean sawControlBytes;
        private byte[] longPrefix; // the kept head of a line longer than the buffer, while the rest is skipped
        private IOException failure;

        Reading(LogFile file, long startOffset, long startLine, LineConsumer consumer) {
            this.file = file;
            this.consumer = consumer;
            this.startLine = startLine;
            this.base = startOffset;
            this.consumed = startOffset;
            this.line = startLine;
        }

        void run(InputStream in) {
            int start = 0;
            int end = 0;
            int scan = 0;
            boolean eof = false;
            while (true) {
                int nl = -1;
                for (int i = scan; i < end; i++) {
                    byte b = buf[i];
                    // one comparison per byte on the hot path: newline, controls and non-ASCII are all below 0x20
                    if (b < 0x20) {
                        if (b == '\n') {
                            nl = i;
                            break;
                        }
                        if (b < 0) {
                            sawHighBytes = true;
                        } else if (b != '\t' && b != '\r') {
                            sawControlBytes = true;
                        }
                    }
                }
                if (nl >= 0) {
                    emit(start, nl - start, base + nl + 1);
                    start = nl + 1;
                    scan = start;
                    continue;
                }
                if (eof) {
                    break;
                }
                if (longPrefix != null) {
                    base += end; // inside an overlong line: drop what was scanned
                    start = end = scan = 0;
                } else if (start == 0 && end == buf.length) {
                    longPrefix = Arrays.copyOf(buf, cutPoint(buf, 0, end));
                    base += end;
                    start = end = scan = 0;
                } else if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    base += start;
                    end -= start;
                    scan = end;
                    start = 0;
                } else {
                    scan = end;
                }
                try {
                    int n = in.read(buf, end, buf.length - end);
                    if (n < 0) {
                        eof = true;
                    } else {
                        end += n;
                    }
                } catch (IOException e) {
                    failure = e; // complete lines are kept; the partial one is not
                    return;
                }
            }
            boolean partial = end > start || longPrefix != null;
            if (partial && file.finished()) {
                emit(start, end - start, base + end);
            }
        }

        /** Passes on the line in {@code buf[off, off+len)}, or the kept head of an overlong line. */
        private void emit(int off, int len, long offsetAfter) {
            line++;
            byte[] bytes = buf;
            boolean overlong = false;
            if (longPrefix != null) {
                bytes = longPrefix;
                off = 0;
                len = longPrefix.length;
                longPrefix = null;
                overlong = true;
            } else {
                if (len > 0 && buf[off + len - 1] == '\r') {
                    len--;
                }
                if (len > MAX_LINE_BYTES) {
                    len = cutPoint(buf, off, len) - off;
                    overlong = true;
                }
            }
            if (overlong) {
                longLines++;
                if (firstLongLine < 0) {
                    firstLongLine = line;
                }
            }
            String text = new String(bytes, off, len, StandardCharsets.UTF_8);
            boolean bad = sawControlBytes || (sawHighBytes && text.indexOf(REPLACEMENT) >= 0);
            if (bad) {
                badByteLines++;
                if (firstBadByteLine < 0) {
                    firstBadByteLine = line;
                }
                if (sawControlBytes) {
                    text = replaceControls(text);
                }
            }
            sawHighBytes = false;
            sawControlBytes = false;
            consumed = offsetAfter;
            consumer.accept(line, text, offsetAfter);
        }

        ReadResult result(boolean truncated, String problem) {
            return new ReadResult(
                    line - startLine,
                    consumed,
                    line,
                    file.finished() && failure == null && problem == null,
                    truncated,
                    problem,
                    badByteLines,
                    firstBadByteLine,
                    longLines,
                    firstLongLine);
        }
    }

    /** The end of the first {@link #MAX_LINE_BYTES} of {@code b[off, off+len)}, not splitting a UTF-8 sequence. */
    private static int cutPoint(byte[] b, int off, int len) {
        int cut = off + Math.min(len, MAX_LINE_BYTES);
        while (cut > off && cut < off + len && (b[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return cut;
    }

    private static String replaceControls(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 && c != '\t' && c != '\r' ? REPLACEMENT : c);
        }
        return sb.toString();
    }
}
