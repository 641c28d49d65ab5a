package io.spindle.gateway.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "spindle.events")
public interface EventsConfig {

    /** How long {@code GET /events} keeps an event (at least 30 days unless an operator chooses less). */
    @WithDefault("30d")
    Duration retention();

    /** How often events past their retention are deleted. */
    @WithDefault("1h")
    Duration sweepInterval();
}
