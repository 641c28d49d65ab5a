package io.spindle.gateway.rest;

import io.spindle.gateway.service.RunService;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code 201 Created} for what a call made, {@code 200 OK} for what an earlier call with its idempotency key made. */
final class CreatedResponse {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENCY_KEY_DESCRIPTION = "Optional, up to 128 characters: sending the same key again"
            + " (in this project) answers what the first request made, with 200, instead of making it twice.";

    private CreatedResponse() {
    }

    static <T> RestResponse<T> of(RunService.Created<T> created) {
        return created.isNew() ? RestResponse.status(RestResponse.Status.CREATED, created.value())
                : RestResponse.ok(created.value());
    }
}
