package io.spindle.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "spindle.ingest")
public interface IngestConfig {

    /** The largest input accepted, in bytes (default 10 GiB). */
    @WithDefault("10737418240")
    long maxBytes();

    @WithDefault("5")
    int maxRedirects();

    @WithDefault("10s")
    Duration connectTimeout();

    /** How long a server may take to start answering. */
    @WithDefault("60s")
    Duration responseTimeout();

    @WithDefault("2m")
    Duration probeTimeout();
}
