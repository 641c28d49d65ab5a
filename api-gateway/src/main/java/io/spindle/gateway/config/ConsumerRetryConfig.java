package io.spindle.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the gateway's Kafka consumers ({@code task-reports}, {@code run-requests}) retry a record that failed on
 * something that may pass (the database or connection-service unavailable) before it goes to the dead-letter
 * topic. A record that cannot be read or is invalid is not retried.
 */
@ConfigMapping(prefix = "spindle.consumers")
public interface ConsumerRetryConfig {

    /** Attempts after the first. */
    @WithDefault("5")
    int retries();

    /** Wait before the first retry; it doubles, up to eight times this. */
    @WithDefault("1s")
    Duration backoff();
}
