package io.postfixinsights.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postfixinsights.job.ArchiveIndexPage;
import io.postfixinsights.testsupport.RenderedRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPublisherTest {

    private static final LocalDate NOV_21 = LocalDate.of(2025, 11, 21);
    private static final LocalDate NOV_22 = LocalDate.of(2025, 11, 22);
    private static final LocalDate NOV_23 = LocalDate.of(2025, 11, 23);

    @TempDir
    Path temp;

    private Path root() {
        return temp.resolve("report");
    }

    private Publication publish(ReportPublisher publisher, LocalDate date, String marker, String headline)
            throws IOException {
        Path run = RenderedRuns.create(temp.resolve("staging-" + marker), marker);
        return publisher.publish(run, new ArchiveEntry(date, "period of " + date, headline));
    }

    private Document index() throws IOException {
        return Jsoup.parse(root().resolve("index.html").toFile(), "UTF-8");
    }

    @Test
    void should_publish_each_run_into_its_dated_folder_and_copy_the_newest_to_latest() throws IOException {
        ReportPublisher publisher = new ReportPublisher(root(), 30, new ArchiveIndexPage());
        publish(publisher, NOV_21, "run-a", "98.0% delivered");
        Publication second = publish(publisher, NOV_22, "run-b", "97.5% delivered");

        assertThat(root().resolve("2025-11-21/index.html")).content().contains("run-a");
        assertThat(root().resolve("2025-11-21/domains/example.org.html"))
                .content()
                .contains("run-a");
        assertThat(root().resolve("2025-11-22/index.html")).content().contains("run-b");
        assertThat(root().resolve("2025-11-22/messages/4Xyz1.html")).content().contains("run-b");
        assertThat(root().resolve("2025-11-22/summary.json")).content().contains("run-b");

        Path latest = root().resolve("latest");
        assertThat(Files.isSymbolicLink(latest))
                .as("latest must be a copy, not a symlink")
                .isFalse();
        assertThat(latest.resolve("index.html")).content().contains("run-b");
        assertThat(latest.resolve("domains/example.org.html")).content().contains("run-b");

        assertThat(second.runDirectory()).isEqualTo(root().resolve("2025-11-22"));
        assertThat(second.reportPage()).isEqualTo(root().resolve("2025-11-22/index.html"));
        assertThat(second.removed()).isEmpty();
    }

    @Test
    void should_replace_the_whole_folder_when_the_same_day_is_published_again() throws IOException {
        ReportPublisher publisher = new ReportPublisher(root(), 30, new ArchiveIndexPage());
        publish(publisher, NOV_22, "first", "first headline");
        Files.writeString(root().resolve("2025-11-22/messages/only-in-first-run.html"), "stale");

        publish(publisher, NOV_22, "second", "second headline");

        assertThat(root().resolve("2025-11-22/index.html"))
                .content()
                .contains("second")
                .doesNotContain("first");
        assertThat(root().resolve("2025-11-22/messages/only-in-first-run.html")).doesNotExist();
        assertThat(root().resolve("latest/index.html")).content().contains("second");
        assertThat(index().select("tr.report")).hasSize(1);
        assertThat(index().selectFirst("td.headline").text()).isEqualTo("second headline");
        try (var children = Files.list(root())) {
            assertThat(children.map(p -> p.getFileName().toString()))
                    .as("no temp folders left behind")
                    .containsExactlyInAnyOrder("2025-11-22", "latest", "index.html");
        }
    }

    @Test
    void should_keep_only_the_newest_n_reports() throws IOException {
        ReportPublisher publisher = new ReportPublisher(root(), 2, new ArchiveIndexPage());
        publish(publisher, NOV_21, "a", "a");
        publish(publisher, NOV_22, "b", "b");
        Publication third = publish(publisher, NOV_23, "c", "c");

        assertThat(root().resolve("2025-11-21")).doesNotExist();
        assertThat(root().resolve("2025-11-22")).isDirectory();
        assertThat(root().resolve("2025-11-23")).isDirectory();
        assertThat(third.removed()).containsExactly(root().resolve("2025-11-21"));
        assertThat(index().select("tr.report td.date a").eachText()).containsExactly("2025-11-23", "2025-11-22");
    }

    @Test
    void should_list_reports_newest_first_whatever_the_order_they_were_published_in() throws IOException {
        ReportPublisher publisher = new ReportPublisher(root(), 30, new ArchiveIndexPage());
        publish(publisher, NOV_22, "b", "headline b");
        publish(publisher, NOV_21, "a", "headline a");
        publish(publisher, NOV_23, "c", "headline c");

        Document index = index();
        assertThat(index.select("tr.report td.date a").eachAttr("href"))
                .containsExactly("2025-11-23/index.html", "2025-11-22/index.html", "2025-11-21/index.html");
        assertThat(index.select("tr.report td.period").eachText())
                .containsExactly("period of 2025-11-23", "period of 2025-11-22", "period of 2025-11-21");
        assertThat(index.select("tr.report td.headline").eachText())
                .containsExactly("headline c", "headline b", "headline a");
        // A backfill of an older day must not make latest point back in time.
        assertThat(root().resolve("latest/index.html")).content().contains("run c");
    }

    @Test
    void should_show_a_hostile_headline_as_escaped_text() throws IOException {
        String hostile = "<img src=x onerror=alert(1)> & \"quoted\" <script>alert(2)</script>";
        publish(new ReportPublisher(root(), 30, new ArchiveIndexPage()), NOV_22, "a", hostile);

        String raw = Files.readString(root().resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(raw).doesNotContain("<img").doesNotContain("<script>alert");
        assertThat(raw).contains("&lt;img src=x onerror=alert(1)&gt;");
        Document index = index();
        assertThat(index.select("img, script")).isEmpty();
        assertThat(index.selectFirst("td.headline").text()).isEqualTo(hostile);
    }

    @Test
    void should_link_only_relative_paths_that_exist() throws IOException {
        ReportPublisher publisher = new ReportPublisher(root(), 30, new ArchiveIndexPage());
        publish(publisher, NOV_21, "a", "a");
        publish(publisher, NOV_22, "b", "b");

        List<String> hrefs = index().select("a[href]").eachAttr("href");
        assertThat(hrefs).containsExactly("latest/index.html", "2025-11-22/index.html", "2025-11-21/index.html");
        for (String href : hrefs) {
            assertThat(root().resolve(href)).as(href).isRegularFile();
        }
        String raw = Files.readString(root().resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(raw).doesNotContain("http:").doesNotContain("https:").doesNotContain("<link");
    }

    @Test
    void should_rebuild_the_index_from_the_folders_alone() throws IOException {
        publish(new ReportPublisher(root(), 30, new ArchiveIndexPage()), NOV_21, "a", "kept across instances");

        List<ArchiveEntry> archive = new ReportPublisher(root(), 30, new ArchiveIndexPage()).readArchive();

        assertThat(archive).containsExactly(new ArchiveEntry(NOV_21, "period of 2025-11-21", "kept across instances"));
    }

    @Test
    void should_leave_the_rendered_run_in_place() throws IOException {
        Path run = RenderedRuns.create(temp.resolve("staging"), "kept");
        new ReportPublisher(root(), 30, new ArchiveIndexPage()).publish(run, new ArchiveEntry(NOV_22, "p", "h"));

        assertThat(run.resolve("index.html")).content().contains("kept");
    }

    @Test
    void should_remove_temp_folders_left_by_a_killed_run() throws IOException {
        Files.createDirectories(root().resolve(".publish-1234/domains"));

        publish(new ReportPublisher(root(), 30, new ArchiveIndexPage()), NOV_22, "a", "a");

        assertThat(root().resolve(".publish-1234")).doesNotExist();
    }

    @Test
    void should_refuse_a_directory_without_index_html() throws IOException {
        Path notARun = Files.createDirectories(temp.resolve("empty"));
        ReportPublisher publisher = new ReportPublisher(root(), 30, new ArchiveIndexPage());

        assertThatThrownBy(() -> publisher.publish(notARun, new ArchiveEntry(NOV_22, "p", "h")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no index.html");
        assertThat(root().resolve("2025-11-22")).doesNotExist();
    }

    @Test
    void should_reject_keeping_fewer_than_one_report() {
        assertThatThrownBy(() -> new ReportPublisher(root(), 0, new ArchiveIndexPage()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_render_every_element_of_the_index_page_self_contained() throws IOException {
        publish(new ReportPublisher(root(), 30, new ArchiveIndexPage()), NOV_22, "a", "a");

        Document index = index();
        Element style = index.selectFirst("head style");
        assertThat(style).as("inline CSS").isNotNull();
        assertThat(index.select("[src], link[href]"))
                .as("no external resources")
                .isEmpty();
        assertThat(index.selectFirst("html").attr("lang")).isEqualTo("en");
    }
}
