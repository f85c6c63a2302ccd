package io.postfixinsights.job;

import io.postfixinsights.sample.SampleLogGenerator;
import io.postfixinsights.sample.SampleLogGenerator.Rotation;
import io.postfixinsights.sample.SampleLogGenerator.Settings;
import io.postfixinsights.sample.SampleLogGenerator.TimestampFormat;
import io.postfixinsights.sample.Truth;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One syslog stream of realistic Postfix lines (the project's generator: 4 days, 80 messages a day, RFC 3339 stamps),
 * and the file operations syslog and logrotate do with it: append to the live file, rename, compress, copytruncate.
 * Tests cut the stream into "nights" themselves.
 */
final class LogStream {

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static List<String> lines;

    private LogStream() {}

    /** The whole stream in time order, generated once per JVM (the generator is deterministic). */
    static synchronized List<String> lines() {
        if (lines == null) {
            try {
                Path dir = Files.createTempDirectory("logstream");
                Settings s = new Settings(
                        20261115L,
                        LocalDate.of(2026, 11, 12),
                        4,
                        80,
                        dir,
                        Rotation.DAILY,
                        TimestampFormat.RFC3339,
                        List.of("mx1"),
                        ZONE);
                Truth truth = new SampleLogGenerator().generate(s);
                List<String> all = new ArrayList<>();
                for (Truth.FileInfo f : truth.files()) {
                    all.addAll(read(dir.resolve(f.name())));
                }
                lines = List.copyOf(all);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    /** Index of the first line of {@code day} (local date prefix of the RFC 3339 stamp). */
    static int firstLineOf(String isoDay) {
        List<String> all = lines();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).compareTo(isoDay) >= 0) {
                return i;
            }
        }
        return all.size();
    }

    static List<String> read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Appends lines, each ending in a newline, to the file as syslog does (same inode; created if missing). */
    static void append(Path file, List<String> part) throws IOException {
        appendRaw(file, (String.join("\n", part) + (part.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
    }

    static void appendRaw(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** logrotate's compress: {@code from} → {@code to} (gzip), then {@code from} is removed. */
    static void gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
        Files.delete(from);
    }

    /** logrotate's copytruncate: copy the live file to {@code to}, then truncate it in place (same inode). */
    static void copyTruncate(Path live, Path to) throws IOException {
        Files.copy(live, to);
        try (FileChannel ch = FileChannel.open(live, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }
}
