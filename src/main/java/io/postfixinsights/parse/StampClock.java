package io.postfixinsights.parse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Turns the three syslog stamp forms into instants, and gives year-less classic stamps a year.
 *
 * <p>Year inference is streaming, without look-ahead: the year comes from the last full instant seen (an RFC 3339
 * line, or the previous classic line). Without one, the year is the latest that puts the stamp at or before the
 * file's modification time plus one day. Months stepping back more than six months mean a new year (Dec -> Jan);
 * a jump forward of more than six months is a stray out-of-order line, which gets the previous year and does not
 * move the seed. A seed carried over from an earlier file is kept (a rotated set read oldest first) unless it would
 * put the file's first classic stamp more than a day after the file's modification time; then the file hint wins.
 *
 * <p>Not thread-safe: one per stream of lines.
 */
final class StampClock {

    private static final long DAY = 86_400L;
    private static final int[] DAYS_BEFORE_MONTH = {0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

    private final ZoneId zone;
    private final ZoneRules rules;
    private final ZoneOffset fixedOffset;

    // Offset cache for the configured zone, keyed by local epoch hour (DST changes happen on hour boundaries).
    private long cachedLocalHour = Long.MIN_VALUE;
    private int cachedOffsetSeconds;

    private Instant fileModified;
    private boolean firstClassicOfFile;
    private int seedYear;
    private int seedMonth;
    private boolean hasSeed;
    /** Epoch second of the latest full (RFC 3339) instant, turned into a seed lazily; MIN_VALUE when none. */
    private long pendingFullInstant = Long.MIN_VALUE;

    StampClock(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
    }

    void startFile(Instant modified) {
        this.fileModified = modified;
        this.firstClassicOfFile = true;
    }

    /** A full instant was read (RFC 3339 with offset or a zone-less stamp with its year): it seeds later classic lines. */
    void sawFullInstant(long epochSecond) {
        pendingFullInstant = epochSecond;
    }

    /** Epoch second of a local date-time in the configured zone; the caller has validated the fields. */
    long localToEpoch(int year, int month, int day, int hour, int minute, int second) {
        long localSeconds = epochDay(year, month, day) * DAY + hour * 3600L + minute * 60L + second;
        return localSeconds - offsetSeconds(localSeconds);
    }

    /** Chooses the year of a classic (year-less) stamp, updating the inference state. */
    int yearFor(int month, int day, int hour, int minute, int second) {
        if (pendingFullInstant != Long.MIN_VALUE) {
            LocalDateTime local = LocalDateTime.ofEpochSecond(
                    pendingFullInstant, 0, ZoneOffset.ofTotalSeconds(offsetAtInstant(pendingFullInstant)));
            seedYear = local.getYear();
            seedMonth = local.getMonthValue();
            hasSeed = true;
            pendingFullInstant = Long.MIN_VALUE;
        }
        boolean first = firstClassicOfFile;
        firstClassicOfFile = false;
        if (hasSeed) {
            int year = seedYear;
            int step = month - seedMonth;
            if (step < -6) {
                year++;
            } else if (step > 6) {
                return year - 1; // a stray line from before the seed: this line only
            }
            if (!first || fileModified == null || fitsHint(year, month, day, hour, minute, second)) {
                seedYear = year;
                seedMonth = month;
                return year;
            }
        }
        int year = yearFromHint(month, day, hour, minute, second);
        seedYear = year;
        seedMonth = month;
        hasSeed = true;
        return year;
    }

    private boolean fitsHint(int year, int month, int day, int hour, int minute, int second) {
        return validDay(year, month, day)
                && localToEpoch(year, month, day, hour, minute, second) <= fileModified.getEpochSecond() + DAY;
    }

    private int yearFromHint(int month, int day, int hour, int minute, int second) {
        long limit = (fileModified != null ? fileModified : Instant.now()).getEpochSecond() + DAY;
        int year = LocalDateTime.ofEpochSecond(limit, 0, ZoneOffset.ofTotalSeconds(offsetAtInstant(limit)))
                .getYear();
        // Feb 29 only exists in leap years: step back until the date exists and is not after the limit. Eight
        // years cover the longest leap-year gap; a date that never exists (Feb 30) is left to the caller to reject.
        for (int back = 0; back <= 8; back++) {
            int candidate = year - back;
            if (validDay(candidate, month, day) && localToEpoch(candidate, month, day, hour, minute, second) <= limit) {
                return candidate;
            }
        }
        return year;
    }

    private int offsetSeconds(long localSeconds) {
        if (fixedOffset != null) {
            return fixedOffset.getTotalSeconds();
        }
        long hour = Math.floorDiv(localSeconds, 3600L);
        if (hour != cachedLocalHour) {
            cachedOffsetSeconds = rules.getOffset(LocalDateTime.ofEpochSecond(localSeconds, 0, ZoneOffset.UTC))
                    .getTotalSeconds();
            cachedLocalHour = hour;
        }
        return cachedOffsetSeconds;
    }

    private int offsetAtInstant(long epochSecond) {
        return fixedOffset != null
                ? fixedOffset.getTotalSeconds()
                : rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
    }

    ZoneId zone() {
        return zone;
    }

    static boolean validDay(int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        int length = month == 2
                ? (isLeap(year) ? 29 : 28)
                : (month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31);
        return day <= length;
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** Days since 1970-01-01 (proleptic Gregorian), without allocating. */
    static long epochDay(int year, int month, int day) {
        long y = year - 1;
        long daysBeforeYear = 365 * y + Math.floorDiv(y, 4) - Math.floorDiv(y, 100) + Math.floorDiv(y, 400);
        long dayOfYear = DAYS_BEFORE_MONTH[month] + day - 1 + (month > 2 && isLeap(year) ? 1 : 0);
        return daysBeforeYear + dayOfYear - 719_162L; // 719162 = days from 0001-01-01 to 1970-01-01
    }
}
