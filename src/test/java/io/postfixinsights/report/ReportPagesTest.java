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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of {@link ReportFixture}'s hand-built history: message pages, links to them, and redaction. */
class ReportPagesTest {
    @TempDir
    Path dbDir;

    @TempDir
    Path out;

    static Document page(Path file) throws Exception {
        return Jsoup.parse(file.toFile(), "UTF-8");
    }

    @Test
    void should_write_a_page_per_failed_message_with_timeline_explanation_and_log_lines() throws Exception {
        Analysis a = ReportFixture.render(dbDir, out, false);
        assertThat(a.totals().recipients()).isEqualTo(22);

        try (Stream<Path> files = Files.list(out.resolve("messages"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("1.html", "3.html");
        }
        Document bounced = page(out.resolve("messages/1.html"));
        assertThat(bounced.selectFirst("h1").text()).isEqualTo("Message A1B2C3");
        assertThat(bounced.getElementById("explanation").text())
                .contains(
                        "bounced (permanent failure, 5.1.1)",
                        "A non-delivery report went back to <news@our.test> as message N1D2R3");
        List<String> timeline = bounced.select("#timeline ol.timeline > li").eachText();
        assertThat(timeline).hasSize(5);
        assertThat(timeline.get(0)).startsWith("2024-03-04 09:59:58 arrived via smtpd from app.our.test[198.51.100.4]");
        assertThat(timeline.get(1))
                .startsWith(
                        "2024-03-04 10:00:00 deferred Alice@example.org via" + " mx.example.org[192.0.2.7]:25 4.7.1")
                .contains(ReportFixture.LONG);
        assertThat(timeline.get(2)).startsWith("2024-03-04 11:00:00 bounced").contains(ReportFixture.HOSTILE_REPLY);
        assertThat(timeline.get(3)).isEqualTo("2024-03-04 11:00:00 final outcome for Alice@example.org: bounced");
        assertThat(timeline.get(4))
                .isEqualTo("2024-03-04 11:00:01 notification (non_delivery) queued as N1D2R3 —" + " see below");
        String lines = bounced.getElementById("lines").selectFirst("pre").wholeText();
        assertThat(lines.split("\n")).hasSize(3);
        assertThat(lines)
                .startsWith("Mar  4 09:59:58 mx1 postfix/qmgr[7]: A1B2C3: from=<news@our.test>")
                .contains("status=bounced (" + ReportFixture.HOSTILE_REPLY + ")");
        assertThat(bounced.select("section.linked h2").text()).isEqualTo("Notification N1D2R3 (non_delivery)");
        assertThat(bounced.select("script, img")).isEmpty();
        assertThat(bounced.selectFirst("a[href]").attr("href")).isEqualTo("../index.html");
    }

    @Test
    void should_link_failed_recipients_and_queued_messages_to_their_pages() throws Exception {
        ReportFixture.render(dbDir, out, false);
        Document index = page(out.resolve("index.html"));
        Element queuedLink = index.getElementById("queued").selectFirst("a[href]");
        assertThat(queuedLink.attr("href")).isEqualTo("messages/3.html");
        assertThat(queuedLink.text()).isEqualTo("Q9W8E7");

        Document example = page(out.resolve("domains/example.org.html"));
        Element failed = example.getElementById("failed");
        assertThat(failed.select("tbody tr")).hasSize(1);
        assertThat(failed.selectFirst("a").attr("href")).isEqualTo("../messages/1.html");
        assertThat(failed.selectFirst("tbody tr").text())
                .startsWith("2024-03-04 11:00 Alice@example.org bounced 5.1.1");
        assertThat(page(out.resolve("domains/gmail.com.html"))
                        .getElementById("failed")
                        .text())
                .contains("No recipient at this domain failed");
        Document yahoo = page(out.resolve("domains/yahoo.com.html"));
        assertThat(yahoo.select("#failed a, #queued a").eachAttr("href"))
                .containsExactly("../messages/3.html", "../messages/3.html");
    }

    @Test
    void should_not_link_message_pages_without_the_history() throws Exception {
        Analysis a = ReportFixture.render(dbDir, out.resolve("first"), false);
        new ReportRenderer().render(a, out.resolve("second"));
        assertThat(out.resolve("second/messages")).doesNotExist();
        assertThat(page(out.resolve("second/index.html")).select("a[href^=messages/]"))
                .isEmpty();
        assertThat(page(out.resolve("second/domains/example.org.html"))
                        .getElementById("failed")
                        .text())
                .contains("Alice@example.org");
    }

    @Test
    void should_replace_recipient_local_parts_by_their_hash_everywhere() throws Exception {
        ReportFixture.render(dbDir, out, true);
        // sha256("alice") and sha256("bob") start with 2bd806c9 and 81b637d8 (sha256sum)
        List<Path> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSize(7); // index, summary.json, 3 domain pages, 2 message pages
        for (Path f : files) {
            assertThat(Files.readString(f).toLowerCase()).as(f.toString()).doesNotContain("alice@", "bob@");
        }
        assertThat(Files.readString(out.resolve("summary.json")))
                .contains(
                        "\"recipient\" : \"h:2bd806c9@example.org\"",
                        "\"recipient\" : \"h:81b637d8@yahoo.com\"",
                        "\"sender\" : \"news@our.test\"");
        Document message = page(out.resolve("messages/1.html"));
        assertThat(message.getElementById("lines").text())
                .contains("from=<news@our.test>", "to=<h:2bd806c9@example.org>", "550 5.1.1 <h:2bd806c9@example.org>");
        assertThat(message.getElementById("explanation").text()).contains("h:2bd806c9@example.org: bounced");
        assertThat(page(out.resolve("index.html")).getElementById("queued").text())
                .contains("h:81b637d8@yahoo.com", "carol@our.test");
    }

    @Test
    void should_hash_addresses_in_text_but_keep_sender_and_message_id() {
        Redactor r = new Redactor();
        assertThat(r.text("to=<Alice@Example.org>, orig_to=<alice@example.org> from=<news@our.test>"
                        + " message-id=<m1@our.test>"))
                .isEqualTo("to=<h:2bd806c9@Example.org>, orig_to=<h:2bd806c9@example.org>"
                        + " from=<news@our.test> message-id=<m1@our.test>");
        assertThat(r.text("550 no such user: bob@yahoo.com.")).isEqualTo("550 no such user: h:81b637d8@yahoo.com.");
        assertThat(r.text("no address here")).isEqualTo("no address here");
    }
}
