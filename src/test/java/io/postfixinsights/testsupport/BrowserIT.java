package io.postfixinsights.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the harness sees what the report tests rely on it to see: otherwise "no console errors" and "no external
 * requests" would pass for a harness that is simply blind.
 */
class BrowserIT {

    @RegisterExtension
    static final BrowserSession SESSION = new BrowserSession();

    @TempDir
    Path temp;

    private static int closedLoopbackPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void should_capture_console_errors_dialogs_and_requests_that_leave_file_urls() throws Exception {
        // Only loopback, and a port nobody listens on: the request is seen, nothing answers.
        String external = "http://127.0.0.1:" + closedLoopbackPort() + "/pixel.png";
        Path page = Files.writeString(temp.resolve("bad.html"), """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>bad page</title></head><body>
                <img src="%s">
                <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
                <script>console.error('boom from the page'); alert('hello');</script>
                </body></html>
                """.formatted(external));

        Browser.PageVisit visit = SESSION.browser().open(page);

        assertThat(visit.title()).isEqualTo("bad page");
        assertThat(visit.consoleErrors()).anyMatch(e -> e.contains("boom from the page"));
        assertThat(visit.externalRequests()).containsExactly(external);
        assertThat(visit.dialogs()).containsExactly("alert: hello");
    }

    @Test
    void should_report_nothing_for_a_quiet_self_contained_page() throws Exception {
        Path page = Files.writeString(temp.resolve("quiet.html"), """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>quiet</title>
                <style>body { background: #fff; }</style></head><body><p>fine</p>
                <svg width="10" height="10"><rect width="10" height="10"/></svg></body></html>
                """);

        Browser.PageVisit visit = SESSION.browser().open(page);

        assertThat(visit.consoleErrors()).isEmpty();
        assertThat(visit.externalRequests()).isEmpty();
        assertThat(visit.dialogs()).isEmpty();
    }

    @Test
    void should_screenshot_the_whole_page_beyond_the_viewport() throws Exception {
        Path page = Files.writeString(temp.resolve("tall.html"), """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>tall</title></head>
                <body style="margin:0"><div style="height:3000px;background:#137333"></div></body></html>
                """);
        SESSION.browser().open(page);

        Path png = SESSION.browser().screenshot("browser-it-tall-page");

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).as("window width less a scrollbar").isBetween(1200, 1280);
        assertThat(image.getHeight()).as("taller than the 2000 px window").isGreaterThanOrEqualTo(3000);
    }
}
