package io.spindle.connections.config;

import io.smallrye.config.ConfigMapping;

/** How the gateway and the workers authenticate to this service. */
@ConfigMapping(prefix = "spindle.internal")
public interface InternalAuthConfig {

    /** Shared service token, sent as {@code Authorization: Bearer <token>}. */
    String token();
}
