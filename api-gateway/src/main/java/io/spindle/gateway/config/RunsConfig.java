package io.spindle.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How big a run may be: checked before anything is queued, by {@code POST /runs} and {@code run-requests}. */
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
}
