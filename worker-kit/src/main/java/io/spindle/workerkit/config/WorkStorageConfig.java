package io.spindle.workerkit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The platform's own bucket, where files wait between tasks. */
@ConfigMapping(prefix = "spindle.work-storage")
public interface WorkStorageConfig {

    String endpoint();

    @WithDefault("us-east-1")
    String region();

    String accessKey();

    String secretKey();

    @WithDefault("spindle-work")
    String bucket();

    /** Multipart part size in bytes: memory used per transfer stays around this size. */
    @WithDefault("16777216")
    long partSize();
}
