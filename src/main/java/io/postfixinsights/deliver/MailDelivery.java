package io.postfixinsights.deliver;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends the report mail: the caller's HTML body with a plain-text alternative, and either the
 * self-contained report page attached or, when a public base URL is set, a link to the published copy.
 */
public final class MailDelivery {

    /** A cron job must not hang on a dead relay: connect, read and write each give up after this. */
    private static final String TIMEOUT_MILLIS = "30000";

    private final MailSettings settings;

    public MailDelivery(MailSettings settings) {
        this.settings = settings;
    }

    /**
     * Sends one report mail.
     *
     * @return false when mail is disabled (nothing sent), true when the relay accepted the mail
     * @throws DeliveryException when the report page cannot be read or the relay refuses or cannot be reached; the
     *     message names host:port and the cause
     */
    public boolean send(ReportMail mail) throws DeliveryException {
        if (!settings.enabled()) {
            return false;
        }
        JavaMailSenderImpl sender = sender();
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(
                    message, MimeMessageHelper.MULTIPART_MODE_MIXED, StandardCharsets.UTF_8.name());
            helper.setFrom(settings.from());
            helper.setTo(settings.to().toArray(String[]::new));
            helper.setSubject(
                    settings.subjectPrefix().isEmpty()
                            ? mail.subject()
                            : settings.subjectPrefix() + " " + mail.subject());
            String link = settings.linksInsteadOfAttaching() ? reportUrl(mail) : null;
            helper.setText(plainText(mail, link), html(mail, link));
            if (link == null) {
                helper.getRootMimeMultipart().addBodyPart(attachment(mail));
            }
            sender.send(message);
            return true;
        } catch (IOException e) {
            throw new DeliveryException("Could not prepare the report mail from " + mail.reportPage() + ": " + e, e);
        } catch (MessagingException | MailException e) {
            throw new DeliveryException(
                    "Could not send the report mail via " + settings.endpoint() + " ("
                            + settings.security() + "): " + describe(e) + ". The report is still on disk: "
                            + mail.reportPage(),
                    e);
        }
    }

    /** The dated report under the public base URL: {@code <base>/YYYY-MM-DD/index.html}. */
    String reportUrl(ReportMail mail) {
        String base = settings.publicBaseUrl().strip();
        return (base.endsWith("/") ? base : base + "/") + mail.reportDate() + "/index.html";
    }

    private JavaMailSenderImpl sender() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        String protocol = settings.security() == MailSettings.Security.SMTPS ? "smtps" : "smtp";
        sender.setProtocol(protocol);
        sender.setHost(settings.host());
        sender.setPort(settings.port());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty(p + "connectiontimeout", TIMEOUT_MILLIS);
        props.setProperty(p + "timeout", TIMEOUT_MILLIS);
        props.setProperty(p + "writetimeout", TIMEOUT_MILLIS);
        if (settings.authenticates()) {
            sender.setUsername(settings.username());
            sender.setPassword(settings.password());
            props.setProperty(p + "auth", "true");
        }
        if (settings.security() == MailSettings.Security.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            // Without this Jakarta Mail quietly goes on in plain text when the relay offers no STARTTLS.
            props.setProperty(p + "starttls.required", "true");
        }
        if (settings.security() != MailSettings.Security.NONE) {
            props.setProperty(p + "ssl.checkserveridentity", Boolean.toString(!settings.trustServerCertificate()));
            if (settings.trustServerCertificate()) {
                props.setProperty(p + "ssl.trust", settings.host());
            }
        }
        sender.setJavaMailProperties(props);
        return sender;
    }

    /**
     * The report page as an attachment, base64-encoded: the quoted-printable encoding Jakarta Mail picks for mostly
     * ASCII text would turn its line ends into CRLF, and the admin should get the file exactly as it is on disk.
     */
    private static MimeBodyPart attachment(ReportMail mail) throws IOException, MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(
                new ByteArrayDataSource(Files.readAllBytes(mail.reportPage()), "text/html; charset=UTF-8")));
        part.setFileName(mail.attachmentName());
        part.setDisposition(Part.ATTACHMENT);
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    private static String plainText(ReportMail mail, String link) {
        String where = link == null
                ? "The full report is attached as " + mail.attachmentName() + " (open it in a browser)."
                : "Full report: " + link;
        return mail.headlineText().strip() + "\n\n" + where + "\n";
    }

    private static String html(ReportMail mail, String link) throws IOException {
        return mail.body().html(link, mail.attachmentName());
    }

    /**
     * One line naming what went wrong: Jakarta Mail's own words (e.g. "Couldn't connect to host, port: ...") and the
     * deepest cause (e.g. "ConnectException: Connection refused"), without Spring's wrapper text.
     */
    private static String describe(Exception e) {
        Throwable cause = e;
        if (e instanceof MailSendException send && send.getCause() == null && send.getMessageExceptions().length > 0) {
            cause = send.getMessageExceptions()[0];
        }
        String mailMessage = null;
        while (true) {
            if (cause instanceof MessagingException && cause.getMessage() != null) {
                // MessagingException appends "nested exception is: ..." on further lines.
                mailMessage = cause.getMessage().lines().findFirst().orElse("").strip();
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        String root = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return mailMessage == null || cause instanceof MessagingException ? root : mailMessage + " (" + root + ")";
    }
}
