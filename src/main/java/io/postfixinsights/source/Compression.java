package io.postfixinsights.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * How a log file is compressed, told by its first bytes, never by its name: logrotate's {@code compressext}, a
 * copied file or a hand-made archive may carry any name.
 */
public enum Compression {
    NONE(new byte[0]),
    GZIP(new byte[] {0x1f, (byte) 0x8b}),
    BZIP2(new byte[] {'B', 'Z', 'h'}),
    XZ(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}),
    ZSTD(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd});

    private static final int IO_BUFFER = 1 << 16;

    private final byte[] magic;

    Compression(byte[] magic) {
        this.magic = magic;
    }

    /** The name stored in the ledger: none, gzip, bzip2, xz, zstd. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads the first bytes of {@code file}; an empty or short file is NONE. */
    public static Compression detect(Path file) throws IOException {
        byte[] head = new byte[6];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        for (Compression c : values()) {
            if (c != NONE
                    && n >= c.magic.length
                    && Arrays.equals(head, 0, c.magic.length, c.magic, 0, c.magic.length)) {
                return c;
            }
        }
        return NONE;
    }

    /**
     * Opens {@code file} as a stream of its uncompressed bytes. Concatenated members/streams (gzip from {@code cat a.gz
     * b.gz}, pbzip2, xz and zstd frames) are read to the end.
     */
    public InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), IO_BUFFER);
        try {
            switch (this) {
                case NONE:
                    return raw;
                case GZIP:
                    // The JDK's stream returns what it inflated before the input ends; Commons Compress loops to
                    // fill the caller's buffer and throws that part away at a truncation, losing complete lines.
                    // It reads concatenated members too.
                    return new GZIPInputStream(raw, IO_BUFFER);
                case BZIP2:
                    return new BZip2CompressorInputStream(raw, true);
                case XZ:
                    return new XZCompressorInputStream(raw, true);
                case ZSTD:
                    return new ZstdCompressorInputStream(raw);
                default:
                    throw new IllegalStateException("unhandled compression " + this);
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
