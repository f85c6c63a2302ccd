package io.postfixinsights.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.analyse.Analysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class ReportRendererTest {
    @TempDir
    Path out;

    Analysis analysis = SampleAnalysis.create();

    @BeforeEach
    void render() throws Exception {
        new ReportRenderer().render(analysis, out);
    }

    Document page(Path file) throws Exception {
        return Jsoup.parse(file.toFile(), "UTF-8");
    }

    List<Path> htmlFiles() throws Exception {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(p -> p.toString().endsWith(".html")).toList();
        }
    }

    @Test
    void should_show_the_headline_numbers_and_a_warning_verdict() throws Exception {
        Document doc = page(out.resolve("index.html"));
        assertThat(doc.getElementById("messages-received").text()).isEqualTo("4,321");
        assertThat(doc.getElementById("recipients").text()).isEqualTo("5,000");
        assertThat(doc.getElementById("bounced").text()).isEqualTo("180");
        assertThat(doc.getElementById("still-queued").text()).isEqualTo("100");
        assertThat(doc.getElementById("rejects-total").text()).isEqualTo("77");
        assertThat(doc.getElementById("verdict").text()).startsWith("⚠");
        assertThat(doc.getElementById("headline").text()).contains("94.0 %");
        assertThat(doc.title()).contains("2024-03-04 00:00 – 2024-03-05 00:00 (Europe/Berlin)");
    }

    @Test
    void should_link_every_domain_to_an_existing_page_and_back() throws Exception {
        Document doc = page(out.resolve("index.html"));
        List<Element> links = doc.select("#domains a[href]");
        assertThat(links).hasSize(3);
        for (Element a : links) {
            String href = a.attr("href");
            assertThat(href).startsWith("domains/").doesNotContain("..", "\"", "<");
            Path target = out.resolve(href);
            assertThat(target).exists();
            Document domainPage = page(target);
            assertThat(domainPage.selectFirst("h1").text()).isEqualTo(a.text());
            assertThat(target.getParent()
                            .resolve(domainPage.selectFirst("a[href]").attr("href"))
                            .normalize())
                    .isEqualTo(out.resolve("index.html").normalize());
        }
        Document example = page(out.resolve("domains/example.org.html"));
        assertThat(example.text()).contains("1,990", "5.1.1", "Bad destination mailbox address", "Remove the address");
    }

    @Test
    void should_load_nothing_from_outside_the_report() throws Exception {
        for (Path file : htmlFiles()) {
            Document doc = page(file);
            assertThat(doc.select("script")).as(file + " has no script").isEmpty();
            for (Element e : doc.select("[src], [href], link")) {
                String url = e.hasAttr("src") ? e.attr("src") : e.attr("href");
                assertThat(url)
                        .as(file + ": " + e)
                        .doesNotContain("//")
                        .doesNotStartWith("http")
                        .doesNotStartWith("data:");
            }
        }
    }

    @Test
    void should_escape_hostile_text_from_log_lines_everywhere() throws Exception {
        for (Path file : htmlFiles()) {
            Document doc = page(file);
            assertThat(doc.select("script")).isEmpty();
            assertThat(doc.select("img")).isEmpty();
            assertThat(doc.select("[onerror]")).isEmpty();
        }
        Document doc = page(out.resolve("index.html"));
        assertThat(doc.getElementById("dsn").text()).contains(SampleAnalysis.SCRIPT, SampleAnalysis.IMG);
        assertThat(doc.getElementById("quality").text()).contains(SampleAnalysis.IMG, SampleAnalysis.SCRIPT);
        assertThat(Files.readString(out.resolve("index.html"))).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void should_show_each_cluster_with_its_advice_and_escaped_replies() throws Exception {
        Element clusters = page(out.resolve("index.html")).getElementById("clusters");
        assertThat(clusters.select(".cluster")).hasSize(1);
        assertThat(clusters.text())
                .contains(
                        "Throttling at Microsoft",
                        "40 of 50 attempts failed",
                        "80.0 %",
                        "2.0 %",
                        "first failure at 2024-03-04 11:00 to the last at 2024-03-04 11:59",
                        "Reduce the sending rate",
                        "451 4.7.650 " + SampleAnalysis.SCRIPT);
    }

    @Test
    void should_show_providers_trends_delays_rejects_queue_and_failing_senders() throws Exception {
        Document doc = page(out.resolve("index.html"));
        assertThat(doc.getElementById("providers").text()).contains("Google", "3,000", "98.3 %");
        assertThat(doc.getElementById("trends").text()).contains("21,000", "20,000", "bounced-rose");
        assertThat(doc.getElementById("delays").text()).contains("gmail.com", "2,950", "12.25", "3,600");
        assertThat(doc.getElementById("rejects").text())
                .contains(
                        "Relay access denied",
                        "Normal for an MX",
                        "bad.example[203.0.113.9]",
                        "Relay access denied " + SampleAnalysis.IMG);
        assertThat(doc.getElementById("queued").text())
                .contains("4Xyz", "e@yahoo.com", "2024-03-04 10:00", "421 4.7.0 " + SampleAnalysis.SCRIPT);
        assertThat(doc.getElementById("senders").text()).contains("news@our.test", "900", "example.org");
        assertThat(page(out.resolve("domains/gmail.com.html")).text()).contains("median 1.5 s", "p95 12.25 s");
    }

    @Test
    void should_write_the_same_numbers_to_summary_json() throws Exception {
        JsonNode json = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(json.path("formatVersion").asInt()).isEqualTo(1);
        JsonNode a = json.path("analysis");
        assertThat(a.path("period").path("from").asString()).isEqualTo("2024-03-03T23:00:00Z");
        assertThat(a.path("period").path("zone").asString()).isEqualTo("Europe/Berlin");
        assertThat(a.path("totals").path("messagesReceived").asLong()).isEqualTo(4321);
        assertThat(a.path("totals").path("deliveredPct").asDouble()).isEqualTo(94.0);
        assertThat(a.path("domains").get(1).path("bounced").asLong()).isEqualTo(150);
        assertThat(a.path("verdict").path("ok").asBoolean()).isFalse();
        assertThat(a.path("dataQuality").path("linesRead").asLong()).isEqualTo(120000);
    }

    @Test
    void should_draw_the_charts_from_the_analysis() throws Exception {
        Document doc = page(out.resolve("index.html"));
        // one day (4 March) of 3,000 Google recipients: 2,950 delivered, 20 queued, 30 bounced
        assertThat(doc.select("#days svg rect title").eachText())
                .containsExactly("2024-03-04: 2950 delivered", "2024-03-04: 20 queued", "2024-03-04: 30 bounced");
        // weekly history W08-W10; Google failed 100/20000 = 0.5 %, 400/21000 = 1.9 %, 30/3000 = 1.0 %
        assertThat(doc.select("#trends svg text").eachText()).contains("W08", "W09", "W10");
        Element google = doc.select("#providers tbody tr").first();
        assertThat(google.selectFirst("svg.spark-svg title").text())
                .isEqualTo("failed % per ISO week: 2024-W08: 0.5 % failed of 20000; 2024-W09: 1.9 % failed of 21000;"
                        + " 2024-W10: 1.0 % failed of 3000");
        assertThat(google.text()).endsWith("1.0 %");
        // example.org: 150 bounced 5.1.1; gmail.com: 40 deferred 4.7.0
        assertThat(doc.select("#dsn svg rect.s-bounced title").eachText()).containsExactly("150 bounced 5.1.1");
        assertThat(doc.select("#dsn svg rect.s-deferred title").eachText()).containsExactly("40 deferred 4.7.0");
    }

    @Test
    void should_make_domain_file_names_safe() {
        assertThat(ReportRenderer.safeFileName("Gmail.COM")).isEqualTo("gmail.com");
        assertThat(ReportRenderer.safeFileName("../../etc/passwd")).isEqualTo("_/_/etc_passwd".replace('/', '_'));
        assertThat(ReportRenderer.safeFileName(".hidden")).isEqualTo("_.hidden");
        assertThat(ReportRenderer.safeFileName("")).isEqualTo("_");
    }
}
