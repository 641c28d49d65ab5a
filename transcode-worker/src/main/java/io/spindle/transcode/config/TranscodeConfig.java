package io.spindle.transcode.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "spindle.transcode")
public interface TranscodeConfig {

    /** Threads one ffmpeg process may use. */
    @WithDefault("2")
    int threads();

    /** A transcode still running after this is killed and its task fails. */
    @WithDefault("3h")
    Duration timeout();

    /**
     * An ffmpeg whose output has not advanced for this long is stopped (a stalled input, a hung decoder); the
     * attempt fails as retryable.
     */
    @WithDefault("5m")
    Duration stallTimeout();
}
