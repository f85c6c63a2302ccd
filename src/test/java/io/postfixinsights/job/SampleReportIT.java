package io.postfixinsights.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.testsupport.Browser;
import io.postfixinsights.testsupport.JarRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The README's first command, end to end: the packaged jar reads the bundled rotated sample set into a fresh DuckDB
 * file and writes the report. Expected numbers come from the generator's plan ({@code sample-data/truth.json}),
 * summed here over the report period's days, never from our parser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleReportIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SAMPLE = Path.of("sample-data").toAbsolutePath();

    @TempDir
    static Path work;

    JarRun first;
    JsonNode truth;

    @BeforeAll
    void runTheReport() throws Exception {
        truth = JSON.readTree(SAMPLE.resolve("truth.json").toFile());
        first = report(14);
    }

    JarRun report(int days) throws IOException, InterruptedException {
        return JarRun.run(
                work,
                "report",
                "--logs",
                SAMPLE + "/mail.log*",
                "--db",
                "db/history.duckdb",
                "--out",
                "out",
                "--zone",
                "Europe/Berlin",
                "--days",
                String.valueOf(days));
    }

    JsonNode summary() throws IOException {
        return JSON.readTree(work.resolve("out/2026-11-15/summary.json").toFile())
                .get("analysis");
    }

    /** Sums a truth.json per-day counter over the last {@code days} days of the sample. */
    long truthSum(int days, String... path) {
        LocalDate last = LocalDate.parse("2026-11-15");
        long sum = 0;
        for (Map.Entry<String, JsonNode> day : truth.get("perDay").properties()) {
            LocalDate date = LocalDate.parse(day.getKey());
            if (!date.isAfter(last) && date.isAfter(last.minusDays(days))) {
                JsonNode node = day.getValue();
                for (String p : path) {
                    node = node.get(p);
                }
                sum += node.asLong();
            }
        }
        return sum;
    }

    @Test
    void should_exit_zero_and_write_the_dated_report_latest_and_archive() {
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(work.resolve("out/2026-11-15/index.html")).isRegularFile();
        assertThat(work.resolve("out/latest/index.html")).isRegularFile();
        assertThat(work.resolve("out/index.html")).isRegularFile();
        assertThat(work.resolve("db/history.duckdb")).isRegularFile();
    }

    @Test
    void should_agree_with_the_generators_truth_over_the_period() throws IOException {
        JsonNode totals = summary().get("totals");

        assertThat(totals.get("messagesReceived").asLong()).isEqualTo(truthSum(14, "userMessages"));
        assertThat(totals.get("delivered").asLong()).isEqualTo(truthSum(14, "recipients", "sent"));
        assertThat(totals.get("bounced").asLong()).isEqualTo(truthSum(14, "recipients", "bounced"));
        assertThat(totals.get("expired").asLong()).isEqualTo(truthSum(14, "recipients", "expired"));
        assertThat(totals.get("stillQueued").asLong()).isEqualTo(truthSum(14, "recipients", "deferredStillQueued"));
        assertThat(totals.get("rejects").asLong()).isEqualTo(truthSum(14, "rejects"));
        assertThat(totals.get("ndrsSent").asLong()).isEqualTo(truthSum(14, "ndrsSent"));
    }

    @Test
    void should_find_every_seeded_cluster_in_the_period_and_classify_it_as_planned() throws IOException {
        List<String> found = new ArrayList<>();
        summary()
                .get("clusters")
                .forEach(c -> found.add(c.get("provider").asString() + "/"
                        + c.get("clusterClass").asString()));
        List<String> planned = new ArrayList<>();
        truth.get("clusters")
                .forEach(c -> planned.add(c.get("provider").asString() + "/"
                        + c.get("clusterClass").asString()));

        // All three seeded situations fall in the last 14 days; churn must produce none of its own.
        assertThat(planned).hasSize(3);
        assertThat(found).containsExactlyInAnyOrderElementsOf(planned);
    }

    @Test
    void should_show_the_same_numbers_in_the_html_report() throws IOException {
        Document page = Jsoup.parse(work.resolve("out/2026-11-15/index.html").toFile());
        JsonNode totals = summary().get("totals");

        assertThat(page.getElementById("messages-received").text().replace(",", ""))
                .isEqualTo(totals.get("messagesReceived").asString());
        assertThat(page.getElementById("bounced").text().replace(",", ""))
                .isEqualTo(totals.get("bounced").asString());
        assertThat(page.select("link[href^=http], script[src], img[src^=http]")).isEmpty();
    }

    @Test
    void should_open_cleanly_in_a_real_browser() throws IOException {
        try (Browser browser = Browser.start()) {
            Browser.PageVisit visit = browser.open(work.resolve("out/2026-11-15/index.html"));

            assertThat(visit.consoleErrors()).isEmpty();
            assertThat(visit.externalRequests()).isEmpty();
            assertThat(visit.dialogs()).isEmpty();
            assertThat(browser.driver().findElement(By.id("verdict")).getText()).contains("Needs attention");
            browser.screenshot("sample-report");
            if (Boolean.getBoolean("updateScreenshots")) {
                // The README shows the top of the page as a reader first sees it.
                Path docs = Path.of("docs", "images", "report.png");
                Files.createDirectories(docs.getParent());
                Files.write(docs, browser.driver().getScreenshotAs(OutputType.BYTES));
            }
        }
    }

    @Test
    void should_count_nothing_twice_when_the_same_night_runs_again() throws Exception {
        JsonNode before = summary().get("totals");
        JarRun again = report(14);

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(summary().get("totals")).isEqualTo(before);
    }
}
