package io.spindle.workerkit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the task lifecycle behaves; the same keys for every worker. */
@ConfigMapping(prefix = "spindle.worker")
public interface WorkerConfig {

    /** How many times a task is tried when it fails for a retryable reason. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the second attempt; doubled before each further one. */
    @WithDefault("2s")
    Duration retryBackoff();

    /** At most one progress event per this interval, per task. */
    @WithDefault("1s")
    Duration progressInterval();
}
