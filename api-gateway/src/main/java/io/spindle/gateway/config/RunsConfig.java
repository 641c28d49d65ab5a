package io.spindle.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Runs: how big one may be (checked before anything is queued, by {@code POST /runs} and {@code run-requests}),
 * and how {@code run-requests} retries what may pass.
 */
@ConfigMapping(prefix = "spindle.runs")
public interface RunsConfig {

    /** Levels from a root to its deepest task ({@code ingest → video → upload} is 3). */
    @WithDefault("8")
    int maxDepth();

    /** Tasks side by side: roots of a run, or the {@code next} of one task. */
    @WithDefault("16")
    int maxWidth();

    /** Tasks in one run, all levels together. */
    @WithDefault("64")
    int maxTasks();

    /** Size of the run's {@code metadata} as JSON. */
    @WithDefault("16384")
    int maxMetadataBytes();

    /** Attempts again, for a run request that failed on something that may pass (an unavailable service). */
    @WithDefault("5")
    int requestRetries();

    /** Wait before the first of those; it doubles, up to eight times this. */
    @WithDefault("1s")
    Duration requestRetryBackoff();
}
