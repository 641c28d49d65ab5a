package io.spindle.connections.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /connections}. Field names as ittybit documents them. */
public record CreateConnectionRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Pattern(regexp = Rules.KIND, message = Rules.KIND_MESSAGE) String kind,
        @NotBlank @Size(max = 2048) @Pattern(regexp = Rules.HTTP_URL, message = Rules.HTTP_URL_MESSAGE) String endpoint,
        @Size(min = 1, max = 64) @Pattern(regexp = Rules.REGION, message = Rules.REGION_MESSAGE) String region,
        @NotBlank @Size(max = 256) String accessKeyId,
        @NotBlank @Size(max = 1024) String secretAccessKey,
        @Pattern(regexp = Rules.ADDRESSING, message = Rules.ADDRESSING_MESSAGE) String addressingStyle,
        @JsonProperty("is_default") Boolean isDefault) {

    @Override
    public String toString() {
        return "CreateConnectionRequest[name=" + name + ", kind=" + kind + ", endpoint=" + endpoint + "]";
    }
}
