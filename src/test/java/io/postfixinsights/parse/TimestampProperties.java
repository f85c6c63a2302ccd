package io.postfixinsights.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Generated stamps come back as the instant they were made from. */
class TimestampProperties {

    private static final DateTimeFormatter CLASSIC = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
    private static final String TAIL = " mx postfix/qmgr[7]: A4C392432F: removed";

    @Provide
    Arbitrary<LocalDateTime> moments() {
        return Arbitraries.longs()
                .between(
                        LocalDateTime.of(1995, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC),
                        LocalDateTime.of(2060, 12, 31, 23, 59).toEpochSecond(ZoneOffset.UTC))
                .map(s -> LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC));
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(
                ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"));
    }

    @Property
    void classic_stamp_round_trips_when_the_file_was_modified_within_ten_months_after(
            @ForAll("moments") LocalDateTime local,
            @ForAll("zones") ZoneId zone,
            @ForAll @IntRange(min = 0, max = 300 * 24) int hoursLater) {
        // an hour that does not exist in the zone (spring forward) is shifted by Java; compare to that instant
        Instant expected = local.atZone(zone).toInstant();
        LineParser parser = new LineParser(zone);
        parser.startFile(expected.plusSeconds(hoursLater * 3600L));
        Instant actual = stamp(parser.parse(CLASSIC.format(local) + TAIL));
        assertThat(actual).isEqualTo(expected);
    }

    @Property
    void rfc3339_stamp_round_trips(
            @ForAll("moments") LocalDateTime local,
            @ForAll @IntRange(min = -12 * 4, max = 14 * 4) int quarterHours,
            @ForAll @IntRange(min = 0, max = 999_999) int micros) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(quarterHours * 900);
        LocalDateTime withFraction = local.withNano(micros * 1000);
        String stamp = withFraction.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS"))
                + (offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
        Instant actual = stamp(new LineParser(ZoneOffset.UTC).parse(stamp + TAIL));
        assertThat(actual).isEqualTo(withFraction.toInstant(offset));
    }

    @Property
    void year_rolls_over_at_new_year_without_a_file_hint_in_the_new_year(
            @ForAll @IntRange(min = 1990, max = 2090) int year,
            @ForAll @IntRange(min = 0, max = 86_399) int secondsBefore,
            @ForAll @IntRange(min = 0, max = 86_399) int secondsAfter) {
        LocalDateTime before = LocalDateTime.of(year, 12, 31, 0, 0).plusSeconds(secondsBefore);
        LocalDateTime after = LocalDateTime.of(year + 1, 1, 1, 0, 0).plusSeconds(secondsAfter);
        LineParser parser = new LineParser(ZoneOffset.UTC);
        // the hint is the last day of the old year: the stream itself must carry the rollover
        parser.startFile(before.toInstant(ZoneOffset.UTC));
        assertThat(stamp(parser.parse(CLASSIC.format(before) + TAIL))).isEqualTo(before.toInstant(ZoneOffset.UTC));
        assertThat(stamp(parser.parse(CLASSIC.format(after) + TAIL))).isEqualTo(after.toInstant(ZoneOffset.UTC));
    }

    private static Instant stamp(ParseResult r) {
        assertThat(r).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) r).header().timestamp();
    }
}
