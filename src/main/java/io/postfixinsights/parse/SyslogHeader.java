package io.postfixinsights.parse;

import java.time.Instant;

/**
 * The syslog part of a line: when, which host, which program.
 *
 * <p>For {@code postfix/submission/smtpd[123]} the syslog name is {@code postfix/submission} and the daemon is
 * {@code smtpd}; the instance is the first component of the syslog name ({@code postfix}, {@code postfix-out}), because
 * queue IDs are unique only per host and Postfix instance, while per-service names like {@code postfix/submission}
 * share one queue.
 *
 * @param timestamp the instant in UTC (zone-less stamps are read in the configured zone)
 * @param host the syslog host field
 * @param syslogName the program tag without the daemon, e.g. {@code postfix/submission}
 * @param daemon the last component of the program tag, e.g. {@code smtpd}
 * @param pid the process id, or -1 when the tag has none
 */
public record SyslogHeader(Instant timestamp, String host, String syslogName, String daemon, int pid) {

    /** The Postfix instance that owns the queue this line speaks of. */
    public String instance() {
        int slash = syslogName.indexOf('/');
        return slash < 0 ? syslogName : syslogName.substring(0, slash);
    }
}
