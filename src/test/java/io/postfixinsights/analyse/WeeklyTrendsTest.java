package io.postfixinsights.analyse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.postfixinsights.analyse.Analysis.Trend;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last 7 days before 4 March 2024 against the 4 weeks before them (29 Jan - 26 Feb). */
class WeeklyTrendsTest {
    static final ReportPeriod DAY = new ReportPeriod(
            Instant.parse("2024-03-03T00:00:00Z"), Instant.parse("2024-03-04T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void should_flag_significant_changes_against_the_usual_week() throws Exception {
        try (TestDb db = TestDb.create(dir)) {
            // example.net: 400 sent over the 4 weeks before (100 a week); this week 80 sent and 20 bounced
            db.traffic(400, "example.net", "mx.example.net", "2024-01-29 00:00:00", 6000, "sent", "2.0.0", "ok", true);
            db.traffic(80, "example.net", "mx.example.net", "2024-02-26 00:00:00", 6000, "sent", "2.0.0", "ok", true);
            db.traffic(
                    20,
                    "example.net",
                    "mx.example.net",
                    "2024-02-27 00:00:00",
                    6000,
                    "bounced",
                    "5.1.1",
                    "unknown",
                    true);
            // busy.example: volume tripled (60 a week before, 180 now), all delivered
            db.traffic(
                    240, "busy.example", "mx.busy.example", "2024-01-29 00:00:00", 10000, "sent", "2.0.0", "ok", true);
            db.traffic(
                    180, "busy.example", "mx.busy.example", "2024-02-26 00:00:00", 3000, "sent", "2.0.0", "ok", true);
            // tiny.example: 10 a week, half bounced now: too small to judge
            db.traffic(
                    40, "tiny.example", "mx.tiny.example", "2024-01-29 00:00:00", 60000, "sent", "2.0.0", "ok", true);
            db.traffic(5, "tiny.example", "mx.tiny.example", "2024-02-26 00:00:00", 6000, "sent", "2.0.0", "ok", true);
            db.traffic(
                    5, "tiny.example", "mx.tiny.example", "2024-02-27 00:00:00", 6000, "bounced", "5.1.1", "x", true);

            List<Trend> trends = new Analyser().analyse(db.connection(), DAY).trends();

            assertThat(trends)
                    .extracting(
                            Trend::provider,
                            Trend::recipients,
                            Trend::recipientsBefore,
                            Trend::bouncedPct,
                            Trend::bouncedPctBefore,
                            Trend::flags)
                    .containsExactly(
                            tuple("busy.example", 180L, 60.0, 0.0, 0.0, List.of("volume-changed")),
                            tuple("example.net", 100L, 100.0, 20.0, 0.0, List.of("delivered-fell", "bounced-rose")),
                            tuple("tiny.example", 10L, 10.0, 50.0, 0.0, List.of()));
        }
    }
}
