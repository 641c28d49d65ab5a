package io.spindle.connections.config;

import io.smallrye.config.ConfigMapping;

/** How the gateway and the workers authenticate to this service. */
@ConfigMapping(prefix = "spindle.internal")
public interface InternalAuthConfig {

    /** The gateway's service token, sent as {@code Authorization: Bearer <token>}: every internal call. */
    String token();

    /**
     * The workers' token: it reads a connection's credentials ({@code GET /internal/connections/{id}/credentials})
     * and nothing else, so a compromised worker cannot create, change or delete any project's connections.
     */
    String workerToken();
}
