package io.postfixinsights.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.job.ArchiveIndexPage;
import io.postfixinsights.testsupport.Browser;
import io.postfixinsights.testsupport.BrowserSession;
import io.postfixinsights.testsupport.RenderedRuns;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The archive index as a person's browser shows it, opened from file:// in headless Chromium. */
class ArchiveIndexBrowserIT {

    private static final String HOSTILE = "<img src=x onerror=alert(1)> 97.1% delivered <script>alert(2)</script>";

    @RegisterExtension
    static final BrowserSession SESSION = new BrowserSession();

    @TempDir
    Path temp;

    private Path publishTwoRuns() throws Exception {
        Path root = temp.resolve("report");
        ReportPublisher publisher = new ReportPublisher(root, 30, new ArchiveIndexPage());
        publisher.publish(
                RenderedRuns.create(temp.resolve("run-21"), "of the 21st"),
                new ArchiveEntry(
                        LocalDate.of(2025, 11, 21), "2025-11-20 00:00 – 2025-11-21 00:00", "99.2% delivered – OK"));
        publisher.publish(
                RenderedRuns.create(temp.resolve("run-22"), "of the 22nd"),
                new ArchiveEntry(LocalDate.of(2025, 11, 22), "2025-11-21 00:00 – 2025-11-22 00:00", HOSTILE));
        return root;
    }

    @Test
    void should_show_the_archive_without_errors_external_requests_or_script_from_headlines() throws Exception {
        Path root = publishTwoRuns();

        Browser.PageVisit visit = SESSION.browser().open(root.resolve("index.html"));
        SESSION.browser().screenshot("archive-index");

        assertThat(visit.consoleErrors()).isEmpty();
        assertThat(visit.externalRequests()).isEmpty();
        assertThat(visit.dialogs()).as("no alert/confirm/prompt ran").isEmpty();
        List<WebElement> rows = SESSION.browser().driver().findElements(By.cssSelector("tr.report"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).findElement(By.cssSelector("td.headline")).getText())
                .isEqualTo(HOSTILE);
        assertThat(rows.get(1).findElement(By.cssSelector("td.headline")).getText())
                .isEqualTo("99.2% delivered – OK");
        assertThat(SESSION.browser().driver().findElements(By.cssSelector("td.headline img, td.headline script")))
                .isEmpty();
    }

    @Test
    void should_link_to_reports_that_exist_and_open() throws Exception {
        Path root = publishTwoRuns();
        SESSION.browser().open(root.resolve("index.html"));

        List<String> hrefs = SESSION.browser().driver().findElements(By.cssSelector("a[href]")).stream()
                .map(a -> a.getAttribute("href"))
                .toList();

        assertThat(hrefs).hasSize(3);
        for (String href : hrefs) {
            assertThat(href).as("resolved relative link").startsWith("file:");
            assertThat(Path.of(URI.create(href))).as(href).isRegularFile();
        }

        SESSION.browser().driver().findElement(By.id("latest")).click();
        assertThat(SESSION.browser().driver().findElement(By.tagName("body")).getText())
                .contains("run of the 22nd");
        SESSION.browser().driver().navigate().back();
        SESSION.browser().driver().findElement(By.linkText("2025-11-21")).click();
        assertThat(SESSION.browser().driver().findElement(By.tagName("body")).getText())
                .contains("run of the 21st");
        assertThat(Files.isSymbolicLink(root.resolve("latest"))).isFalse();
    }
}
