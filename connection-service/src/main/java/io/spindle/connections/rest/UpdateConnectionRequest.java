package io.spindle.connections.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code PATCH /connections/{id}}: every field optional; absent (or null) fields keep their value. */
public record UpdateConnectionRequest(
        @Size(max = 200) @Pattern(regexp = Rules.NOT_BLANK, message = Rules.NOT_BLANK_MESSAGE) String name,
        @Pattern(regexp = Rules.KIND, message = Rules.KIND_MESSAGE) String kind,
        @Size(max = 2048) @Pattern(regexp = Rules.HTTP_URL, message = Rules.HTTP_URL_MESSAGE) String endpoint,
        @Size(min = 1, max = 64) @Pattern(regexp = Rules.REGION, message = Rules.REGION_MESSAGE) String region,
        @Size(max = 256) @Pattern(regexp = Rules.NOT_BLANK, message = Rules.NOT_BLANK_MESSAGE) String accessKeyId,
        @Size(max = 1024) @Pattern(regexp = Rules.NOT_BLANK, message = Rules.NOT_BLANK_MESSAGE) String secretAccessKey,
        @Pattern(regexp = Rules.ADDRESSING, message = Rules.ADDRESSING_MESSAGE) String addressingStyle,
        @JsonProperty("is_default") Boolean isDefault) {

    @Override
    public String toString() {
        return "UpdateConnectionRequest[name=" + name + ", endpoint=" + endpoint + ", isDefault=" + isDefault + "]";
    }
}
