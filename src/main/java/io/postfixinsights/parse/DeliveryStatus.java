package io.postfixinsights.parse;

/** The {@code status=} values a delivery agent logs. */
public enum DeliveryStatus {
    SENT,
    DEFERRED,
    BOUNCED,
    /** {@code soft_bounce = yes} turned a bounce into a deferral. */
    SOFTBOUNCE,
    /** Address-verification probe: the address would be accepted (not user mail). */
    DELIVERABLE,
    /** Address-verification probe: the address would be refused (not user mail). */
    UNDELIVERABLE,
    /** Per-recipient expiry, logged by some versions and by {@code postfix/error} for expired mail. */
    EXPIRED
}
