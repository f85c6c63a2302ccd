package io.postfixinsights.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.postfixinsights.testsupport.Browser;
import io.postfixinsights.testsupport.BrowserSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The report of {@link ReportFixture} (hostile and 3000-character replies) as a person's browser shows it, opened
 * from file:// in headless Chromium. (The README's screenshot is of the sample data: SampleReportIT.)
 */
class ReportBrowserIT {
    @RegisterExtension
    static final BrowserSession SESSION = new BrowserSession();

    @TempDir
    Path dbDir;

    @TempDir
    Path out;

    private void assertClean(Browser.PageVisit visit) {
        assertThat(visit.consoleErrors()).as("console errors on " + visit.url()).isEmpty();
        assertThat(visit.externalRequests())
                .as("requests leaving file:// from " + visit.url())
                .isEmpty();
        assertThat(visit.dialogs()).as("dialogs on " + visit.url()).isEmpty();
        assertThat(SESSION.browser().driver().findElements(By.cssSelector("script, img")))
                .isEmpty();
        Number scrollWidth =
                (Number) SESSION.browser().driver().executeScript("return document.documentElement.scrollWidth;");
        Number innerWidth = (Number) SESSION.browser().driver().executeScript("return window.innerWidth;");
        assertThat(scrollWidth.longValue())
                .as("page width on " + visit.url())
                .isLessThanOrEqualTo(innerWidth.longValue());
    }

    private String text(String id) {
        return SESSION.browser().driver().findElement(By.id(id)).getText();
    }

    @Test
    void should_show_numbers_and_hostile_text_as_text_without_widening_the_page() throws Exception {
        ReportFixture.render(dbDir, out, false);

        Browser.PageVisit visit = SESSION.browser().open(out.resolve("index.html"));
        SESSION.browser().screenshot("report");

        assertClean(visit);
        assertThat(visit.title()).isEqualTo("Postfix report 2024-03-04 00:00 – 2024-03-05 00:00 (UTC)");
        assertThat(text("recipients")).isEqualTo("22");
        assertThat(text("delivered")).isEqualTo("20");
        assertThat(text("bounced")).isEqualTo("1");
        assertThat(text("still-queued")).isEqualTo("1");
        // example.org's failure codes show the latest reply: the hostile one, as text
        assertThat(text("dsn")).contains(ReportFixture.IMG, ReportFixture.SCRIPT_BREAK);
        assertThat(SESSION.browser().driver().findElements(By.cssSelector("#days svg rect.s-delivered")))
                .hasSize(1);
    }

    @Test
    void should_open_every_domain_and_message_page_it_links_to() throws Exception {
        ReportFixture.render(dbDir, out, false);
        SESSION.browser().open(out.resolve("index.html"));
        List<String> hrefs = SESSION.browser().driver().findElements(By.cssSelector("a[href]")).stream()
                .map(a -> a.getAttribute("href"))
                .filter(h -> !h.contains("#"))
                .distinct()
                .toList();
        assertThat(hrefs).anyMatch(h -> h.contains("/domains/")).anyMatch(h -> h.contains("/messages/"));
        for (String href : hrefs) {
            assertThat(href).startsWith("file:");
            Path target = Path.of(java.net.URI.create(href));
            assertThat(target).as(href).isRegularFile();
        }

        assertClean(SESSION.browser().open(out.resolve("domains/example.org.html")));
        WebElement failed = SESSION.browser().driver().findElement(By.cssSelector("#failed a[href]"));
        assertThat(failed.getText()).isEqualTo("Alice@example.org");
        failed.click();
        assertThat(SESSION.browser().driver().getCurrentUrl()).endsWith("/messages/1.html");

        Browser.PageVisit message = SESSION.browser().open(out.resolve("messages/1.html"));
        assertClean(message);
        SESSION.browser().screenshot("report-message");
        assertThat(text("lines")).contains(ReportFixture.HOSTILE_REPLY, ReportFixture.LONG);
        assertThat(text("timeline")).contains(ReportFixture.IMG, ReportFixture.SCRIPT_BREAK);
        SESSION.browser().driver().findElement(By.cssSelector("main a[href]")).click();
        assertThat(SESSION.browser().driver().getCurrentUrl()).endsWith("/index.html");
    }
}
