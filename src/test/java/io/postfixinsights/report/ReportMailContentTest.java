package io.postfixinsights.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.analyse.Analysis;
import io.postfixinsights.analyse.Analysis.Verdict;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class ReportMailContentTest {

    // SampleAnalysis: 94.0 % delivered, 3.6 % bounced, one throttling cluster at Microsoft, verdict not ok.
    ReportMailContent content = new ReportMailContent(SampleAnalysis.create());

    @Test
    void should_say_period_headline_and_subject_in_one_line_each() {
        assertThat(content.period()).isEqualTo("2024-03-04 00:00 – 2024-03-05 00:00 (Europe/Berlin)");
        assertThat(content.headlineText()).isEqualTo("94.0% delivered, 3.6% bounced, 1 cluster ⚠");
        assertThat(content.subject()).isEqualTo("94.0% delivered, 1 cluster ⚠");
    }

    @Test
    void should_say_ok_and_no_cluster_when_nothing_needs_attention() {
        Analysis ok = SampleAnalysis.with(new Verdict(true, List.of()), List.of());
        ReportMailContent c = new ReportMailContent(ok);
        assertThat(c.subject()).isEqualTo("94.0% delivered, no cluster ✓");
        Document html = Jsoup.parseBodyFragment(c.headlineHtml());
        assertThat(html.getElementById("verdict").text()).startsWith("✓ All good");
        assertThat(html.select(".cluster")).isEmpty();
    }

    @Test
    void should_show_verdict_numbers_and_clusters_with_advice_escaped() {
        String raw = content.headlineHtml();
        Document html = Jsoup.parseBodyFragment(raw);
        assertThat(html.select("script, img, style, link")).isEmpty();
        assertThat(raw).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html.getElementById("verdict").text())
                .startsWith("⚠")
                .contains("3.6 % bounced " + SampleAnalysis.SCRIPT);
        assertThat(html.text())
                .contains(
                        "Recipients 5,000",
                        "Delivered 4,700",
                        "Bounced 180",
                        "Still queued 100",
                        "Pre-queue rejects 77",
                        "Delivered 94.0 %");
        assertThat(html.select(".cluster")).hasSize(1);
        assertThat(html.selectFirst(".cluster").text())
                .contains(
                        "Throttling at Microsoft",
                        "40 of 50 attempts",
                        "from 2024-03-04 11:00 to 2024-03-04 11:59",
                        "What to do: Reduce the sending rate");
    }

    @Test
    void should_say_the_headline_then_the_period_in_the_plain_text() {
        assertThat(content.mailText())
                .isEqualTo(
                        "94.0% delivered, 3.6% bounced, 1 cluster ⚠\n2024-03-04 00:00 – 2024-03-05 00:00 (Europe/Berlin)");
    }

    @Test
    void should_wrap_the_headline_in_a_body_that_names_the_attachment() throws Exception {
        Document body = Jsoup.parse(content.bodyHtml(null, "postfix-insights-2024-03-04.html"));
        assertThat(body.getElementById("verdict").text()).startsWith("⚠");
        assertThat(body.selectFirst("p.where").text())
                .isEqualTo("The full report is attached as postfix-insights-2024-03-04.html; open it in a browser.");
        assertThat(body.select("a[href]")).isEmpty();
    }

    @Test
    void should_wrap_the_headline_in_a_body_that_links_the_published_report_escaped() throws Exception {
        String url = "https://reports.example.org/mx1/2024-03-04/index.html?a=1&b=\"<x>";
        Document body = Jsoup.parse(content.bodyHtml(url, "postfix-insights-2024-03-04.html"));
        assertThat(body.selectFirst("p.where a").attr("href")).isEqualTo(url);
        assertThat(body.select("x")).isEmpty();
        assertThat(body.selectFirst(".cluster").text()).contains("Throttling at Microsoft");
    }
}
