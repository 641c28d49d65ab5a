package io.spindle.gateway.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "spindle.webhooks")
public interface WebhooksConfig {

    /** How long an endpoint has to answer; any 2xx within it is success. */
    @WithDefault("10s")
    Duration timeout();

    /** The wait before the first retry; each retry waits twice as long (up to {@link #maxBackoff()}), ± 20 %. */
    @WithDefault("5s")
    Duration initialBackoff();

    @WithDefault("1h")
    Duration maxBackoff();

    /** How long a delivery is retried after its event, before it is given up ({@code failed}); at least a day. */
    @WithDefault("3d")
    Duration retryFor();

    /** An endpoint whose every attempt failed for this long is disabled (and a webhook_endpoint.disabled event says so). */
    @WithDefault("3d")
    Duration disableAfter();

    /** How long the secret replaced by {@code rotate-secret} still signs deliveries. */
    @WithDefault("24h")
    Duration previousSecretValidFor();

    /** How often a replica looks for due deliveries. */
    @WithDefault("1s")
    Duration dispatchInterval();

    /** Deliveries a replica takes at once (sent in parallel). */
    @WithDefault("16")
    int batch();

    /** Whether this replica sends deliveries; the others only accept endpoints and turn events into deliveries. */
    @WithDefault("true")
    boolean deliver();
}
