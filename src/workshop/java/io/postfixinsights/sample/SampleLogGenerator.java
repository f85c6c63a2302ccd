package io.postfixinsights.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.ObjectMapper;

/**
 * Deterministic generator of realistic Postfix logs for a small company's mail server ({@code example.com}): outbound
 * mail by submission and pickup to real providers and small fictional domains, inbound mail through postscreen and an
 * amavis content filter, pre-queue rejects, deferrals with retries, bounces, expiries and the NDRs they cause, plus
 * four seeded situations (Yahoo throttling, a Gmail authentication spike, a list-hygiene spike at one small domain,
 * scattered churn). It writes a logrotate set ({@code mail.log}, {@code mail.log.1}, {@code mail.log.2.gz}, ...) and
 * {@code truth.json} (see {@link Truth}) computed from the plan.
 *
 * <p>Same settings, same bytes: no wall clock, one seeded random source, no iteration over hash-ordered collections,
 * gzip headers with MTIME 0. Lines are streamed: only the lines of messages still in flight are held in memory.
 */
public final class SampleLogGenerator {

    /** When logrotate starts a new file: at local midnight every day, or on the first run of a new week (Sunday). */
    public enum Rotation {
        DAILY,
        WEEKLY
    }

    /** {@code RFC3339}: {@code 2026-11-15T10:22:33.123456+01:00} (rsyslog default on Debian 12); {@code CLASSIC}:
     * {@code Nov 15 10:22:33}. */
    public enum TimestampFormat {
        RFC3339,
        CLASSIC
    }

    /**
     * @param seed            same seed, same files
     * @param startDate       first local day of the period
     * @param days            number of days; the period ends at local midnight after the last day
     * @param messagesPerDay  average user messages per day (weekdays more, weekends fewer)
     * @param outputDir       created if missing; existing {@code mail.log*} files are overwritten
     * @param hosts           syslog host names; each session runs on one of them (more than one = central syslog)
     * @param zone            the server's time zone (timestamps carry its offset; DST changes are real)
     */
    public record Settings(
            long seed,
            LocalDate startDate,
            int days,
            int messagesPerDay,
            Path outputDir,
            Rotation rotation,
            TimestampFormat timestampFormat,
            List<String> hosts,
            ZoneId zone) {

        public Settings {
            Objects.requireNonNull(startDate, "startDate");
            Objects.requireNonNull(outputDir, "outputDir");
            Objects.requireNonNull(rotation, "rotation");
            Objects.requireNonNull(timestampFormat, "timestampFormat");
            Objects.requireNonNull(zone, "zone");
            hosts = List.copyOf(hosts);
            if (days < 1 || messagesPerDay < 1 || hosts.isEmpty()) {
                throw new IllegalArgumentException("need days >= 1, messagesPerDay >= 1 and at least one host");
            }
        }

        /** The committed {@code sample-data/}: 35 days ending 2026-11-15, 250 messages a day, weekly rotation. */
        public static Settings sampleData(Path outputDir) {
            return new Settings(
                    20261115L,
                    LocalDate.of(2026, 10, 12),
                    35,
                    250,
                    outputDir,
                    Rotation.WEEKLY,
                    TimestampFormat.RFC3339,
                    List.of("mx1"),
                    ZoneId.of("Europe/Berlin"));
        }

        public Settings withDays(int newDays) {
            return new Settings(
                    seed, startDate, newDays, messagesPerDay, outputDir, rotation, timestampFormat, hosts, zone);
        }

        public Settings withMessagesPerDay(int perDay) {
            return new Settings(seed, startDate, days, perDay, outputDir, rotation, timestampFormat, hosts, zone);
        }
    }

    /** Writes the log files and {@code truth.json} into {@code settings.outputDir()} and returns the truth. */
    public Truth generate(Settings settings) {
        try {
            Files.createDirectories(settings.outputDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Rand rand = new Rand(settings.seed());
        TruthRecorder recorder = new TruthRecorder();
        long end = toMicros(settings.startDate().plusDays(settings.days()), settings.zone());
        RotatingLogWriter writer = new RotatingLogWriter(
                settings.outputDir(),
                settings.hosts(),
                settings.timestampFormat() == TimestampFormat.RFC3339,
                settings.zone(),
                end,
                rotations(settings));
        try (writer) {
            new Simulation(settings, writer, recorder, rand).run();
        }
        List<Truth.FileInfo> files = new ArrayList<>();
        for (RotatingLogWriter.FileStats f : writer.files()) {
            files.add(new Truth.FileInfo(f.name(), f.lines(), f.firstTimestamp(), f.lastTimestamp()));
        }
        Truth truth = recorder.toTruth(
                new Truth.Parameters(
                        settings.seed(),
                        settings.startDate().toString(),
                        settings.days(),
                        settings.messagesPerDay(),
                        settings.rotation().name(),
                        settings.timestampFormat().name(),
                        settings.zone().getId(),
                        settings.hosts()),
                new Truth.Period(writer.firstTimestamp(), writer.lastTimestamp()),
                files,
                micros -> OffsetDateTime.ofInstant(
                                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)), settings.zone())
                        .toString());
        writeJson(truth, settings.outputDir().resolve("truth.json"));
        return truth;
    }

    /** Local midnights at which logrotate starts a new file, oldest first. */
    private static long[] rotations(Settings s) {
        List<Long> at = new ArrayList<>();
        for (int d = 1; d < s.days(); d++) {
            LocalDate day = s.startDate().plusDays(d);
            if (s.rotation() == Rotation.DAILY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                at.add(toMicros(day, s.zone()));
            }
        }
        return at.stream().mapToLong(Long::longValue).toArray();
    }

    private static long toMicros(LocalDate day, ZoneId zone) {
        return day.atTime(LocalTime.MIDNIGHT).atZone(zone).toEpochSecond() * 1_000_000L;
    }

    private static void writeJson(Truth truth, Path file) {
        // Fixed "\n" line ends, whatever the platform, so truth.json is byte-identical too.
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            Files.writeString(file, new ObjectMapper().writer().with(printer).writeValueAsString(truth) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
