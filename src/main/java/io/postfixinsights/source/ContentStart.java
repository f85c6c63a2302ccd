package io.postfixinsights.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time of a file's first line, to order files whose names do not (two rotations of the same date, two unknown
 * names). Only for ordering: zone-less stamps are read as UTC and a classic stamp gets the year that puts it at or
 * before the file's modification time, which is consistent between the files of one set. A file whose first line has
 * no stamp sorts after those that have one.
 */
final class ContentStart {

    static final Instant UNKNOWN = Instant.MAX;

    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd['T'][' ']HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter CLASSIC = new DateTimeFormatterBuilder()
            .appendPattern("MMM ppd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter(Locale.ENGLISH);

    /** RFC 3339 / ISO with or without a zone, or classic {@code Mmm dd HH:MM:SS[.ffffff]}, then a space. */
    private static final Pattern STAMP = Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d\\S*|[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?) ");

    private ContentStart() {}

    static Instant of(LogFile file) {
        try {
            Matcher m = STAMP.matcher(new String(Fingerprint.readHead(file), StandardCharsets.UTF_8));
            return m.lookingAt() ? parse(m.group(1), file.modified()) : UNKNOWN;
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    static Instant parse(String stamp, Instant modified) {
        try {
            if (Character.isDigit(stamp.charAt(0))) {
                var parsed = ISO.parseBest(stamp, OffsetDateTime::from, LocalDateTime::from);
                return parsed instanceof OffsetDateTime odt
                        ? odt.toInstant()
                        : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            }
            var local = CLASSIC.parse(stamp);
            int year = Year.from(modified.atOffset(ZoneOffset.UTC)).getValue();
            for (int y = year; y > year - 8; y--) {
                try {
                    LocalDateTime t = LocalDateTime.of(
                            y,
                            local.get(ChronoField.MONTH_OF_YEAR),
                            local.get(ChronoField.DAY_OF_MONTH),
                            local.get(ChronoField.HOUR_OF_DAY),
                            local.get(ChronoField.MINUTE_OF_HOUR),
                            local.get(ChronoField.SECOND_OF_MINUTE));
                    Instant at = t.toInstant(ZoneOffset.UTC);
                    if (!at.isAfter(modified.plusSeconds(86_400))) {
                        return at;
                    }
                } catch (DateTimeException notInThatYear) {
                    // Feb 29: try the year before
                }
            }
            return UNKNOWN;
        } catch (DateTimeException e) {
            return UNKNOWN;
        }
    }
}
