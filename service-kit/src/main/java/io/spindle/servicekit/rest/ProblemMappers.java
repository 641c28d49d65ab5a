package io.spindle.servicekit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.spindle.contract.Problem;
import io.spindle.contract.Problem.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves a Spindle service as {@code application/problem+json} with a machine {@code kind}:
 * Spindle's own {@link ApiException}s, bean-validation failures (one entry per field), unreadable or
 * mistyped JSON, unknown fields, unknown paths and methods, and anything unexpected (logged, not echoed).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldPath(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(Problem.invalidInput(detail, errors));
    }

    /** Jackson's words for a field given twice (StrictJson). */
    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile(
            "^Duplicate field '([^']*)'");

    // The subclasses are named on purpose: Quarkus registers its own mappers for some of them, and the
    // most specific mapper wins.
    @ServerExceptionMapper({ UnrecognizedPropertyException.class, InvalidFormatException.class,
        MismatchedInputException.class, JsonProcessingException.class })
    public Response unreadableJson(JsonProcessingException e) {
        return fromJackson(e);
    }

    /** What was wrong with the JSON body, as precisely as Jackson can tell. */
    static Response fromJackson(JsonProcessingException error) {
        if (error instanceof UnrecognizedPropertyException e) {
            return unknownFieldProblem(e);
        }
        java.util.regex.Matcher duplicate = DUPLICATE.matcher(String.valueOf(error.getOriginalMessage()));
        if (duplicate.find()) {
            String field = duplicate.group(1);
            String message = "appears more than once; give each field once";
            return respond(Problem.invalidInput(field + ": " + message, List.of(new FieldError(field, message))));
        }
        if (error instanceof MismatchedInputException e) { // includes InvalidFormatException
            String field = jsonPath(e);
            if (field.isEmpty()) {
                return respond(Problem.invalidInput("The request body must be a JSON object.", List.of()));
            }
            String message = "must be " + describe(e.getTargetType());
            return respond(Problem.invalidInput(field + ": " + message, List.of(new FieldError(field, message))));
        }
        String location = error.getLocation() == null ? ""
                : " at line " + error.getLocation().getLineNr() + ", column " + error.getLocation().getColumnNr();
        return respond(Problem.invalidInput("The request body is not valid JSON" + location + ".", List.of()));
    }

    private static Response unknownFieldProblem(UnrecognizedPropertyException e) {
        String field = jsonPath(e);
        List<String> known = e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        String message = "unknown field; known fields are " + String.join(", ", known);
        return respond(Problem.invalidInput(field + ": " + message, List.of(new FieldError(field, message))));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException jackson) {
            return fromJackson(jackson);
        }
        int status = e.getResponse().getStatus();
        if (status == 404) {
            return respond(Problem.of(404, "Not found", "not_found", "There is nothing at this path."));
        }
        if (e instanceof NotAllowedException) {
            return respond(Problem.of(405, "Method not allowed", "method_not_allowed",
                    "This path does not accept this method; allowed: " + e.getResponse().getAllowedMethods() + "."));
        }
        if (e instanceof NotSupportedException) {
            return respond(Problem.of(415, "Unsupported media type", "unsupported_media_type",
                    "Send the body as application/json."));
        }
        if (status == 413) {
            return respond(Problem.of(413, "Request body too large", "body_too_large", e.getMessage()));
        }
        if (status == 406) {
            return respond(Problem.of(406, "Not acceptable", "not_acceptable", "This API answers application/json."));
        }
        if (status >= 500) {
            LOG.errorf(e, "request failed with status %d", status);
            return respond(Problem.of(status, "Internal error", "internal_error", "The request could not be completed."));
        }
        return respond(Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), "invalid_request",
                e.getMessage()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return respond(Problem.of(500, "Internal error", "internal_error",
                "The request could not be completed; the failure has been logged."));
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** {@code create.body.accessKeyId} → {@code access_key_id}; {@code create.body.tasks[0].kind} kept indexed. */
    static String fieldPath(ConstraintViolation<?> violation) {
        StringBuilder out = new StringBuilder();
        boolean inBody = false;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                inBody = true;
                continue;
            }
            if (!inBody && node.getKind() != ElementKind.PROPERTY) {
                continue;
            }
            if (node.getName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(JsonNames.snakeCase(node.getName()));
            }
            if (node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "body" : out.toString();
    }

    static String jsonPath(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value of the right type";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a " + type.getSimpleName();
    }
}
