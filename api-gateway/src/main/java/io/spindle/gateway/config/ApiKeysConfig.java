package io.spindle.gateway.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** API keys declared in configuration (for example from a Kubernetes Secret), registered at start-up. */
@ConfigMapping(prefix = "spindle.api-keys")
public interface ApiKeysConfig {

    /**
     * Entries {@code project-id:api-key}, or {@code project-id:sha256:<64 hex>} to keep the key itself out of
     * the configuration. The project is created if it does not exist; registering a key twice is harmless.
     */
    Optional<List<String>> seed();
}
