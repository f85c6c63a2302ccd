package io.postfixinsights.deliver;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One report mail.
 *
 * @param reportDate end of the report period: names the attachment and the linked folder
 * @param subject subject text after the configured prefix, e.g. "mx1: 98.7% delivered, OK"
 * @param body the HTML body, made by the caller for a linked or an attached report; trusted, sent as it is
 * @param headlineText the plain-text alternative of the headline
 * @param reportPage the run's self-contained index.html, attached when no public base URL is set
 */
public record ReportMail(LocalDate reportDate, String subject, MailBody body, String headlineText, Path reportPage) {

    public ReportMail {
        Objects.requireNonNull(reportDate, "reportDate");
        Objects.requireNonNull(reportPage, "reportPage");
        subject = Objects.requireNonNullElse(subject, "");
        Objects.requireNonNull(body, "body");
        headlineText = Objects.requireNonNullElse(headlineText, "");
    }

    /** The attachment's file name, {@code postfix-insights-YYYY-MM-DD.html}. */
    public String attachmentName() {
        return "postfix-insights-" + reportDate + ".html";
    }
}
