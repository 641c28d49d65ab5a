package io.spindle.contract.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A file a task produced (or the input it consumes).
 *
 * @param url         {@code s3://bucket/key}: in work storage between tasks, in the customer's bucket after an
 *                    upload
 * @param connectionId the connection through which {@code url} is reached; null for work storage
 * @param etag        the storage's ETag, when known
 * @param media       probed facts; null for files that are not media
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Artifact(
        String url,
        String connectionId,
        String filename,
        String contentType,
        Long size,
        String etag,
        MediaInfo media) {
}
