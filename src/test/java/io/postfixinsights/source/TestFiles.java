package io.postfixinsights.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** Writes real log files for tests with the JDK and Commons Compress writers. */
public final class TestFiles {

    private TestFiles() {}

    /** {@code count} syslog-like lines numbered from {@code first}, each different so they compress like logs. */
    public static List<String> lines(int first, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            out.add("Nov 22 10:" + (i / 60 % 60) + ":" + (i % 60) + " mail postfix/smtp[" + (1000 + i * 7 % 9000)
                    + "]: "
                    + Integer.toHexString(i * 2654435761L > 0 ? (int) (i * 2654435761L) : i)
                            .toUpperCase()
                    + ": to=<user" + i + "@example.org>, relay=mx.example.org[192.0.2." + (i % 250)
                    + "]:25, status=sent"
                    + " line=" + i);
        }
        return out;
    }

    /** The lines joined with a newline after each. */
    public static byte[] text(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] compress(Compression c, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = compressor(c, bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static OutputStream compressor(Compression c, OutputStream out) throws IOException {
        switch (c) {
            case NONE:
                return out;
            case GZIP:
                return new GZIPOutputStream(out);
            case BZIP2:
                return new BZip2CompressorOutputStream(out);
            case XZ:
                return new XZCompressorOutputStream(out);
            case ZSTD:
                return new ZstdCompressorOutputStream(out);
            default:
                throw new IllegalArgumentException(c.name());
        }
    }

    public static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, content);
    }

    public static Path write(Path file, Compression c, List<String> lines) throws IOException {
        return write(file, compress(c, text(lines)));
    }

    public static void touch(Path file, Instant at) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(at));
    }

    public static LogFile logFile(Path path) throws IOException {
        return new LogFile(
                path,
                Compression.detect(path),
                Files.size(path),
                Files.getLastModifiedTime(path).toInstant());
    }
}
