package io.postfixinsights.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Sends through a real SMTP server (GreenMail on loopback, fresh per test) and parses what arrived. */
class MailDeliveryIT {

    private static final String USER = "reports";
    private static final String PASSWORD = "s3cret";
    private static final LocalDate DATE = LocalDate.of(2025, 11, 22);
    private static final String HEADLINE_HTML = "<p><strong>98.7 %</strong> delivered &ndash; <em>OK</em></p>";
    private static final String HEADLINE_TEXT = "98.7 % delivered - OK";

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(
                    new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, PASSWORD));

    @TempDir
    Path temp;

    private Path reportPage;
    private byte[] reportBytes;

    @BeforeEach
    void copyReportPage() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/deliver/report-page.html")) {
            reportBytes = in.readAllBytes();
        }
        reportPage = Files.write(temp.resolve("index.html"), reportBytes);
    }

    private static MailSettings settings(
            int port, MailSettings.Security security, String publicBaseUrl, boolean trust) {
        return new MailSettings(
                "127.0.0.1",
                port,
                security,
                USER,
                PASSWORD,
                "Postfix Insights <reports@mx1.example.org>",
                List.of("postmaster@example.org", "ops@example.net"),
                "[postfix-insights]",
                publicBaseUrl,
                trust,
                true);
    }

    private static MailSettings plainSmtp() {
        return settings(GREEN_MAIL.getSmtp().getPort(), MailSettings.Security.NONE, null, false);
    }

    private ReportMail reportMail() {
        return new ReportMail(
                DATE, "mx1 – 2025-11-22: 98.7 % zugestellt", MailDeliveryIT::body, HEADLINE_TEXT, reportPage);
    }

    /** Stands for the report's mail template: the headline, then the link or the attachment's name it was given. */
    private static String body(String reportUrl, String attachmentName) {
        return HEADLINE_HTML
                + (reportUrl == null
                        ? "<p>attached as <b>" + attachmentName + "</b></p>"
                        : "<p><a href=\"" + reportUrl + "\">" + reportUrl + "</a></p>");
    }

    /** Re-parses the bytes the server stored, as a mail client would. */
    private static MimeMessage parsedFromWire(MimeMessage stored) throws Exception {
        byte[] wire = GreenMailUtil.getWholeMessage(stored).getBytes(StandardCharsets.ISO_8859_1);
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(wire));
    }

    private static List<Part> leaves(Part part) throws Exception {
        List<Part> leaves = new ArrayList<>();
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                leaves.addAll(leaves(child));
            }
        } else {
            leaves.add(part);
        }
        return leaves;
    }

    private static Part onlyPart(List<Part> parts, String mimeType, boolean attachment) throws Exception {
        List<Part> matching = new ArrayList<>();
        for (Part p : parts) {
            if (p.isMimeType(mimeType) && Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) == attachment) {
                matching.add(p);
            }
        }
        assertThat(matching)
                .as(mimeType + (attachment ? " attachment" : " body"))
                .hasSize(1);
        return matching.get(0);
    }

    @Test
    void should_deliver_html_body_text_alternative_and_the_report_as_attachment() throws Exception {
        boolean sent = new MailDelivery(plainSmtp()).send(reportMail());

        assertThat(sent).isTrue();
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertThat(received).as("one copy per recipient").hasSize(2);
        MimeMessage mail = parsedFromWire(received[0]);

        assertThat(mail.getSubject()).isEqualTo("[postfix-insights] mx1 – 2025-11-22: 98.7 % zugestellt");
        assertThat(Arrays.stream(mail.getFrom()).map(Address::toString))
                .containsExactly("Postfix Insights <reports@mx1.example.org>");
        assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Address::toString))
                .containsExactly("postmaster@example.org", "ops@example.net");

        List<Part> parts = leaves(mail);
        String html = (String) onlyPart(parts, "text/html", false).getContent();
        assertThat(html).contains(HEADLINE_HTML).contains("postfix-insights-2025-11-22.html");
        String text = (String) onlyPart(parts, "text/plain", false).getContent();
        assertThat(text)
                .contains(HEADLINE_TEXT)
                .contains("postfix-insights-2025-11-22.html")
                .doesNotContain("<p>");

        Part attachment = onlyPart(parts, "text/html", true);
        assertThat(attachment.getFileName()).isEqualTo("postfix-insights-2025-11-22.html");
        try (InputStream in = attachment.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(reportBytes);
        }
    }

    @Test
    void should_link_to_the_published_report_instead_of_attaching_when_a_public_url_is_set() throws Exception {
        MailSettings settings = settings(
                GREEN_MAIL.getSmtp().getPort(), MailSettings.Security.NONE, "https://reports.example.org/mx1", false);

        new MailDelivery(settings).send(reportMail());

        List<Part> parts = leaves(parsedFromWire(GREEN_MAIL.getReceivedMessages()[0]));
        assertThat(parts).noneMatch(p -> {
            try {
                return Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String html = (String) onlyPart(parts, "text/html", false).getContent();
        assertThat(html).contains("href=\"https://reports.example.org/mx1/2025-11-22/index.html\"");
        String text = (String) onlyPart(parts, "text/plain", false).getContent();
        assertThat(text).contains("Full report: https://reports.example.org/mx1/2025-11-22/index.html");
    }

    @Test
    void should_send_over_smtps_when_the_relay_certificate_is_trusted() throws Exception {
        MailSettings settings = settings(GREEN_MAIL.getSmtps().getPort(), MailSettings.Security.SMTPS, null, true);

        new MailDelivery(settings).send(reportMail());

        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(2);
    }

    @Test
    void should_refuse_a_self_signed_smtps_certificate_unless_told_to_trust_it() {
        int port = GREEN_MAIL.getSmtps().getPort();
        MailDelivery delivery = new MailDelivery(settings(port, MailSettings.Security.SMTPS, null, false));

        assertThatThrownBy(() -> delivery.send(reportMail()))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("SMTPS")
                .hasMessageContaining("certification path");
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void should_not_fall_back_to_plain_text_when_starttls_is_required_but_not_offered() {
        // GreenMail's SMTP does not offer STARTTLS, so the mail must not go out.
        int port = GREEN_MAIL.getSmtp().getPort();
        MailDelivery delivery = new MailDelivery(settings(port, MailSettings.Security.STARTTLS, null, true));

        assertThatThrownBy(() -> delivery.send(reportMail()))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("STARTTLS");
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void should_name_host_and_port_when_the_relay_is_down() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        MailDelivery delivery = new MailDelivery(settings(closedPort, MailSettings.Security.NONE, null, false));

        assertThatThrownBy(() -> delivery.send(reportMail()))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("Connection refused")
                .hasMessageContaining(reportPage.toString());
        assertThat(reportPage).exists().hasBinaryContent(reportBytes);
    }

    @Test
    void should_report_a_wrong_password_as_a_delivery_failure() {
        int port = GREEN_MAIL.getSmtp().getPort();
        MailSettings wrong = new MailSettings(
                "127.0.0.1",
                port,
                MailSettings.Security.NONE,
                USER,
                "wrong",
                "reports@mx1.example.org",
                List.of("postmaster@example.org"),
                "",
                null,
                false,
                true);

        assertThatThrownBy(() -> new MailDelivery(wrong).send(reportMail()))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("127.0.0.1:" + port);
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void should_send_nothing_when_disabled() throws Exception {
        MailSettings live = plainSmtp();
        MailSettings off = new MailSettings(
                live.host(),
                live.port(),
                live.security(),
                null,
                null,
                live.from(),
                live.to(),
                live.subjectPrefix(),
                null,
                false,
                false);
        assertThat(new MailDelivery(off).send(reportMail())).isFalse();
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }
}
