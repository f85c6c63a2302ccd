package io.postfixinsights.deliver;

import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the report mail goes: {@code postfix-insights.mail.*} in {@code application.yml}, the environment or
 * the command line, bound here where it is used. Off unless {@code enabled}.
 *
 * @param host SMTP relay host
 * @param port SMTP port (25/587 for NONE or STARTTLS, 465 for SMTPS)
 * @param security transport security; STARTTLS is required when chosen (no silent fallback to plain text)
 * @param username SMTP AUTH user, or null/blank for no authentication
 * @param password SMTP AUTH password
 * @param from sender address
 * @param to recipient addresses, at least one when enabled
 * @param subjectPrefix put in front of every subject, e.g. "[postfix-insights]"; may be blank
 * @param publicBaseUrl where the output root is served, e.g. "https://mail-reports.example.org/"; when set the mail
 *     links to the dated report there instead of attaching it; null/blank to attach
 * @param trustServerCertificate trust the relay's TLS certificate without checking it (for an internal relay with a
 *     self-signed certificate); off by default
 * @param enabled false: {@link MailDelivery#send} does nothing
 */
@ConfigurationProperties("postfix-insights.mail")
public record MailSettings(
        String host,
        @DefaultValue("25") int port,
        Security security,
        String username,
        String password,
        String from,
        List<String> to,
        String subjectPrefix,
        String publicBaseUrl,
        boolean trustServerCertificate,
        boolean enabled) {

    public enum Security {
        NONE,
        STARTTLS,
        SMTPS
    }

    public MailSettings {
        to = to == null ? List.of() : List.copyOf(to);
        subjectPrefix = subjectPrefix == null ? "" : subjectPrefix.strip();
        security = Objects.requireNonNullElse(security, Security.NONE);
        if (enabled) {
            require(host != null && !host.isBlank(), "mail host is not set");
            require(port > 0 && port < 65536, "mail port must be 1-65535, was " + port);
            require(from != null && !from.isBlank(), "mail sender (from) is not set");
            require(!to.isEmpty(), "no mail recipients (to) are set");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    boolean authenticates() {
        return username != null && !username.isBlank();
    }

    boolean linksInsteadOfAttaching() {
        return publicBaseUrl != null && !publicBaseUrl.isBlank();
    }

    /** host:port, as error messages name the relay. */
    String endpoint() {
        return host + ":" + port;
    }
}
