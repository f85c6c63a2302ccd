package io.postfixinsights.deliver;

/** The report could not be delivered (the report itself is still on disk); the caller exits non-zero. */
public class DeliveryException extends Exception {

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
