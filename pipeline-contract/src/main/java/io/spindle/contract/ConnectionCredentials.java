package io.spindle.contract;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The decrypted credentials of a storage connection, as connection-service's internal endpoint returns them
 * to the workers. Never put on Kafka, never logged: {@link #toString()} masks the secret.
 *
 * @param addressingStyle {@code auto}, {@code path} or {@code virtual}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConnectionCredentials(
        String connectionId,
        String endpoint,
        String region,
        String accessKeyId,
        String secretAccessKey,
        String addressingStyle) {

    @Override
    public String toString() {
        return "ConnectionCredentials[connectionId=" + connectionId + ", endpoint=" + endpoint + ", region=" + region
                + ", accessKeyId=" + accessKeyId + ", secretAccessKey=********, addressingStyle=" + addressingStyle
                + "]";
    }
}
