package io.spindle.upload.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalLong;

@ConfigMapping(prefix = "spindle.upload")
public interface UploadConfig {

    /**
     * Multipart part size in bytes (at least 5 MiB, the S3 minimum): memory per upload stays around one part,
     * and after a storage outage the upload resumes from the last whole part stored.
     */
    @WithDefault("16777216")
    int partSize();

    /** A cap on each upload's rate, in bytes per second (egress budgets, shared links); none by default. */
    OptionalLong maxBytesPerSecond();
}
