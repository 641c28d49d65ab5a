package io.spindle.gateway.service;

import io.spindle.contract.Problem.FieldError;
import java.time.Instant;
import java.util.List;

/**
 * Why a {@code run-requests} record was not planned: the value of a {@code run.rejected} event.
 *
 * @param id     the request's own id, when it had one
 * @param kind   as in the REST API's problems: {@code invalid_input}, {@code connection_required}, …
 * @param errors one per offending field, with its path ({@code tasks[0].next[0].options.width})
 */
public record RunRejection(
        String object,
        String id,
        String projectId,
        String kind,
        String message,
        List<FieldError> errors,
        Instant rejectedAt) {

    public static final String OBJECT = "run_request";
}
