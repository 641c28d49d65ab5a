package io.spindle.servicekit.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@link SecretCipher} of a service that seals secrets, from its configuration:
 * <ul>
 *   <li>{@code spindle.encryption.keys}: key-encryption keys, each {@code key-id:base64} of 32 random bytes;</li>
 *   <li>{@code spindle.encryption.active-key-id}: the key new secrets are sealed with (default: the last one).</li>
 * </ul>
 * Rotation: add a new key to the list and make it active; values sealed under an older key still open as long
 * as that key stays in the list, and are sealed anew under the active key when they change. A service that uses
 * the cipher makes it at start-up (a bean marked {@code @Startup} injects it), so a bad key stops the service.
 */
@ApplicationScoped
public class Ciphers {

    @Produces
    @Singleton
    SecretCipher cipher(@ConfigProperty(name = "spindle.encryption.keys") List<String> keys,
            @ConfigProperty(name = "spindle.encryption.active-key-id") Optional<String> activeKeyId) {
        return new SecretCipher(keys, activeKeyId.orElse(null));
    }
}
