package io.spindle.gateway.service;

import io.spindle.contract.IdKind;
import io.spindle.contract.Problem;
import io.spindle.contract.Problem.FieldError;
import io.spindle.contract.S3Url;
import io.spindle.contract.options.TaskOptions;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.gateway.rest.CreateTaskRequest;
import io.spindle.servicekit.rest.ApiException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Everything about a {@code POST /tasks} body that can be checked without asking another service. */
final class TaskRequestValidator {

    static final int MAX_URL_LENGTH = 4096;

    private TaskRequestValidator() {
    }

    static void validate(CreateTaskRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw new ApiException(Problem.invalidInput("The request body must be a JSON object.", List.of()));
        }
        String url = request.url();
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("url", "is required: the http(s) or s3:// address of the input file"));
        } else if (url.length() > MAX_URL_LENGTH) {
            errors.add(new FieldError("url", "is longer than " + MAX_URL_LENGTH + " characters"));
        } else if (url.startsWith("s3://")) {
            String problem = S3Url.problem(url);
            if (problem != null) {
                errors.add(new FieldError("url", problem));
            }
        } else if (!isHttpUrl(url)) {
            errors.add(new FieldError("url", "must use http://, https:// or s3://"));
        }

        TaskKind kind = TaskKind.fromWireName(request.kind());
        if (request.kind() == null || request.kind().isBlank()) {
            errors.add(new FieldError("kind", "is required: video, audio or image"));
        } else if (kind == null || !kind.isProcessing()) {
            errors.add(new FieldError("kind", "must be video, audio or image"
                    + (kind != null ? " (ingest and upload steps are declared with POST /runs)" : "")));
        } else {
            errors.addAll(TaskOptions.validate(kind, request.options(), "options"));
        }

        if (request.connectionId() != null && !IdKind.CONNECTION.matches(request.connectionId())) {
            errors.add(new FieldError("connection_id", "must be a connection id (" + IdKind.CONNECTION.format() + ")"));
        }
        String destination = request.destination() == null ? null : S3Url.problem(request.destination());
        if (destination != null) {
            errors.add(new FieldError("destination", destination));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(Problem.invalidInput(errors));
        }
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
