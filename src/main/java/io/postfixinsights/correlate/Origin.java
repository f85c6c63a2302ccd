package io.postfixinsights.correlate;

/** How a message entered the queue. */
public enum Origin {
    /** Received over SMTP by smtpd (a client= line). */
    SMTPD,
    /** Submitted locally with sendmail (a pickup line). */
    PICKUP,
    /** Created by Postfix itself (a bounce, delay or success notification, or a forwarded copy). */
    INTERNAL,
    /** The first lines of the message were not in the logs read (rotated away or never logged). */
    UNKNOWN
}
