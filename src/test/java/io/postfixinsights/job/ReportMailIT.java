package io.postfixinsights.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.postfixinsights.cli.ExitCodes;
import io.postfixinsights.testsupport.JarRun;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deliver step of the real jar against a real SMTP server: the nightly report arrives as a mail with the report
 * attached; with the server down, the report stays on disk and the exit code says mailing failed.
 */
class ReportMailIT {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final Path SAMPLE_LOG = Path.of("sample-data", "mail.log").toAbsolutePath();

    @TempDir
    Path work;

    JarRun report(int port) throws IOException, InterruptedException {
        return JarRun.run(
                work,
                "report",
                "--logs",
                SAMPLE_LOG.toString(),
                "--db",
                "h.duckdb",
                "--out",
                "out",
                "--zone",
                "Europe/Berlin",
                "--days",
                "1",
                "--postfix-insights.mail.enabled=true",
                "--postfix-insights.mail.host=127.0.0.1",
                "--postfix-insights.mail.port=" + port,
                "--postfix-insights.mail.from=reports@example.com",
                "--postfix-insights.mail.to=postmaster@example.com");
    }

    @Test
    void should_mail_the_report_as_an_attachment() throws Exception {
        JarRun run = report(SMTP.getSmtp().getPort());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).startsWith("[Postfix Insights]");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("postmaster@example.com");
        List<String> attachments = new ArrayList<>();
        List<String> htmlParts = new ArrayList<>();
        collect(mail, attachments, htmlParts);
        assertThat(attachments).containsExactly("postfix-insights-2026-11-15.html");
        // truth.json, 2026-11-15: 162 sent + 5 still queued recipients.
        assertThat(htmlParts)
                .anySatisfy(html ->
                        assertThat(html).contains("2026-11-15 00:00").containsPattern("Recipients\\s*<b[^>]*>167</b>"));
    }

    @Test
    void should_keep_the_report_and_exit_4_when_the_smtp_server_is_down() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        JarRun run = report(closedPort);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.DELIVERY_FAILED);
        assertThat(run.stderr().strip().lines().reduce((a, b) -> b).orElse("")).contains("127.0.0.1:" + closedPort);
        assertThat(Files.exists(work.resolve("out/2026-11-15/index.html"))).isTrue();
    }

    private static void collect(Part part, List<String> attachments, List<String> htmlParts) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, attachments, htmlParts);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            attachments.add(part.getFileName());
        } else if (part.isMimeType("text/html")) {
            htmlParts.add((String) part.getContent());
        }
    }
}
