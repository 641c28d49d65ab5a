package io.spindle.connections.rest;

import jakarta.validation.constraints.Pattern;

/** Optional body of {@code POST /connections/{id}/test}. */
public record TestConnectionRequest(
        @Pattern(regexp = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]",
                message = "must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens") String bucket) {
}
