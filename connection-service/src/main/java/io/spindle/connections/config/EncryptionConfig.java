package io.spindle.connections.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * Key-encryption keys for connection secrets.
 *
 * <p>Rotation: add a new key to the list and make it active; rows sealed under an older key still open as
 * long as that key stays in the list, and are sealed anew under the active key when their secret changes.
 */
@ConfigMapping(prefix = "spindle.encryption")
public interface EncryptionConfig {

    /** Each entry {@code key-id:base64}, where base64 decodes to 32 random bytes (AES-256). */
    List<String> keys();

    /** The key new secrets are sealed with; defaults to the last key of {@link #keys()}. */
    Optional<String> activeKeyId();
}
