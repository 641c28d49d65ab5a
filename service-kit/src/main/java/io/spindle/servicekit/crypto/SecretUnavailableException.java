package io.spindle.servicekit.crypto;

/** A stored secret cannot be opened. The message never contains secret material. */
public class SecretUnavailableException extends RuntimeException {

    public SecretUnavailableException(String message) {
        super(message, null, false, false);
    }
}
