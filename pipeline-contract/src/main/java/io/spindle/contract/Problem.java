package io.spindle.contract;

import java.util.List;

/**
 * An error answer ({@code application/problem+json}, RFC 9457) with Spindle's machine-readable {@code kind}
 * and, for invalid input, one entry per offending field.
 *
 * @param kind   machine code: {@code invalid_input}, {@code not_found}, {@code unauthorized}, …
 * @param errors per-field problems; empty when the problem is not about fields
 */
public record Problem(String type, String title, int status, String detail, String kind, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One offending field: its path in the request body ({@code name}, {@code tasks[0].options.width}). */
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String kind, String detail) {
        return new Problem("about:blank", title, status, detail, kind, List.of());
    }

    /** Invalid input whose detail lists every field error ({@code field: message; …}). */
    public static Problem invalidInput(List<FieldError> errors) {
        return invalidInput(String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()),
                errors);
    }

    public static Problem invalidInput(String detail, List<FieldError> errors) {
        return new Problem("about:blank", "Invalid input", 400, detail, "invalid_input", List.copyOf(errors));
    }
}
