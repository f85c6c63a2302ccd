package io.postfixinsights.deliver;

import java.io.IOException;

/**
 * The HTML body of the report mail, made by the caller (the report's own template) once delivery knows where the
 * report is: linked under the public base URL, or attached.
 */
@FunctionalInterface
public interface MailBody {

    /**
     * @param reportUrl the published report's address, or null when the report is attached
     * @param attachmentName the attachment's file name, {@code postfix-insights-YYYY-MM-DD.html}
     */
    String html(String reportUrl, String attachmentName) throws IOException;
}
