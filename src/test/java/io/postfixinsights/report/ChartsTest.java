package io.postfixinsights.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.postfixinsights.analyse.Analysis.DsnCount;
import io.postfixinsights.analyse.Analysis.ProviderRate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chart geometry worked out by hand: plot height = height - 18 (x labels) - 6 (top), plot left = 48. */
class ChartsTest {
    Charts charts = new Charts();

    static ProviderRate rate(
            String bucket,
            String provider,
            long recipients,
            long delivered,
            long deferred,
            long bounced,
            long expired,
            long queued) {
        return new ProviderRate(
                bucket, provider, recipients, delivered, deferred, bounced, expired, queued, null, null, null, null);
    }

    @Test
    void should_split_an_outcome_bar_by_share() {
        Charts.Bar bar = charts.outcome(3, 1, 0, 0, 4, 200, 10);
        assertThat(bar.parts())
                .extracting(Charts.Rect::x, Charts.Rect::width, Charts.Rect::status)
                .containsExactly(tuple(0.0, 150.0, "delivered"), tuple(150.0, 50.0, "queued"));
        assertThat(charts.outcome(0, 0, 0, 0, 0, 200, 10).parts()).isEmpty();
    }

    @Test
    void should_round_the_axis_to_1_2_or_5_times_a_power_of_ten() {
        assertThat(Charts.niceMax(0)).isEqualTo(1);
        assertThat(Charts.niceMax(7)).isEqualTo(10);
        assertThat(Charts.niceMax(120)).isEqualTo(200);
        assertThat(Charts.niceMax(2000)).isEqualTo(2000);
        assertThat(Charts.niceMax(2001)).isEqualTo(5000);
    }

    @Test
    void should_stack_each_day_summed_over_providers() {
        // 4 March: Google 60 delivered, example.org 30 delivered + 10 bounced = 100; 5 March: 50 delivered.
        List<ProviderRate> days = List.of(
                rate("2024-03-04", "Google", 60, 60, 0, 0, 0, 0),
                rate("2024-03-04", "example.org", 40, 30, 20, 10, 0, 0),
                rate("2024-03-05", "Google", 50, 50, 0, 0, 0, 0));
        Charts.Columns c = charts.volume(days, 248, 180);
        // plot 200 wide, 2 slots of 100, columns 40 wide centred: x = 48 + 30 and 48 + 130; plot height 156, top 100
        assertThat(c.parts())
                .extracting(Charts.Rect::x, Charts.Rect::y, Charts.Rect::height, Charts.Rect::status)
                .containsExactly(
                        tuple(78.0, 21.6, 140.4, "delivered"),
                        tuple(78.0, 6.0, 15.6, "bounced"),
                        tuple(178.0, 84.0, 78.0, "delivered"));
        assertThat(c.xTicks()).extracting(Charts.Tick::label).containsExactly("03-04", "03-05");
        assertThat(c.yTicks()).extracting(Charts.Tick::label).containsExactly("0", "50", "100");

        Charts.Lines l = charts.rates(days, 248, 140);
        // deferred 20 %, failed 10 % on 4 March; 0 and 0 on 5 March; scale top 20 over a plot 116 high
        assertThat(l.series())
                .extracting(Charts.Series::status, Charts.Series::points)
                .containsExactly(tuple("deferred", "98.0,6.0 198.0,122.0"), tuple("bounced", "98.0,64.0 198.0,122.0"));
    }

    @Test
    void should_draw_a_sparkline_of_failed_percent_per_week() {
        List<ProviderRate> weeks = List.of(
                rate("2024-W08", "Google", 100, 100, 0, 0, 0, 0),
                rate("2024-W09", "Google", 100, 90, 0, 8, 2, 0),
                rate("2024-W09", "Yahoo", 10, 10, 0, 0, 0, 0));
        Map<String, Charts.Sparkline> s = charts.sparklines(weeks, 104, 24);
        assertThat(s).containsOnlyKeys("Google", "Yahoo");
        // Google: 0 % then 10 %; scale top 10; x 2 and 102; y = 2 + 20 * (1 - v/10)
        assertThat(s.get("Google").points()).isEqualTo("2.0,22.0 102.0,2.0");
        assertThat(s.get("Google").last()).isEqualTo("10.0 %");
        // Yahoo has mail only in W09, so one dot at its place
        assertThat(s.get("Yahoo").dots()).extracting(Charts.Point::x).containsExactly(102.0);
    }

    @Test
    void should_mix_failure_codes_per_domain_coloured_by_status() {
        Map<String, Charts.Bar> mix = charts.dsnMix(
                List.of(
                        new DsnCount("example.org", "bounced", "5.1.1", 150, null, null, null),
                        new DsnCount("example.org", "deferred", "4.7.0", 50, null, null, null),
                        new DsnCount("gmail.com", "expired", "", 5, null, null, null)),
                200,
                10);
        assertThat(mix.get("example.org").parts())
                .extracting(Charts.Rect::width, Charts.Rect::status, Charts.Rect::title)
                .containsExactly(
                        tuple(150.0, "bounced", "150 bounced 5.1.1"), tuple(50.0, "deferred", "50 deferred 4.7.0"));
        assertThat(mix.get("gmail.com").parts()).extracting(Charts.Rect::title).containsExactly("5 expired no code");
    }
}
