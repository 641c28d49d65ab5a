package io.spindle.workerkit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.spindle.contract.ConnectionCredentials;
import java.time.Duration;

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

    /**
     * How long work objects (every task's files, its attempt ledger) are kept. Set as the bucket's lifecycle rule
     * at start-up, in whole days, with incomplete multipart uploads aborted after a day; a store without
     * lifecycle rules (s3proxy) is swept by the workers instead, every {@link #sweepInterval()}.
     */
    @WithDefault("7d")
    Duration retention();

    /** How often a worker sweeps work storage when the store does not take the lifecycle rule. */
    @WithDefault("1h")
    Duration sweepInterval();

    default ConnectionCredentials credentials() {
        return new ConnectionCredentials("work-storage", endpoint(), region(), accessKey(), secretKey(), "auto");
    }
}
