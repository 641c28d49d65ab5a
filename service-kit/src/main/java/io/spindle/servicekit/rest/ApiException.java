package io.spindle.servicekit.rest;

import io.spindle.contract.Problem;
import io.spindle.contract.Problem.FieldError;
import java.util.List;

/** A failure with a precise answer for the client; mapped to {@code application/problem+json}. */
public class ApiException extends RuntimeException {

    private final transient Problem problem;

    public ApiException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(Problem.of(404, "Not found", "not_found", "No " + what + " with id '" + id + "'."));
    }

    public static ApiException invalidField(String field, String message) {
        return new ApiException(Problem.invalidInput(field + ": " + message, List.of(new FieldError(field, message))));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(Problem.of(401, "Unauthorized", "unauthorized", detail));
    }
}
