package io.spindle.gateway.service;

import io.spindle.contract.IdKind;
import io.spindle.contract.Problem.FieldError;
import io.spindle.contract.S3Url;
import io.spindle.contract.options.TaskOptions;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.RunRequest.Node;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.gateway.config.RunsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything about a requested run that can be checked without asking another service. Each error names the
 * offending node by its path ({@code tasks[0].next[1].options.width}):
 * <ul>
 *   <li>a run starts with {@code ingest} tasks, and only there: every other task takes its input from its
 *       parent;</li>
 *   <li>an {@code upload} is a leaf and needs a file from its parent;</li>
 *   <li>options as {@link TaskOptions} defines them; an ingest reads either a {@code url} or a {@code bucket} and
 *       {@code key} (through {@code connection_id} or the default connection); an upload needs {@code bucket}
 *       and {@code key};</li>
 *   <li>the configured limits on depth, width, size and metadata.</li>
 * </ul>
 */
final class RunTreeValidator {

    private RunTreeValidator() {
    }

    static List<FieldError> validate(List<Node> tasks, Map<String, Object> metadata, RunsConfig limits) {
        List<FieldError> errors = new ArrayList<>();
        if (tasks == null || tasks.isEmpty()) {
            errors.add(new FieldError("tasks", "is required: at least one ingest task, each with its next tasks"));
        } else {
            if (tasks.size() > limits.maxWidth()) {
                errors.add(new FieldError("tasks", "has " + tasks.size() + " tasks side by side; at most "
                        + limits.maxWidth() + " are allowed"));
            }
            int total = count(tasks);
            if (total > limits.maxTasks()) {
                errors.add(new FieldError("tasks", "has " + total + " tasks in all; a run may have at most "
                        + limits.maxTasks()));
            }
            for (int i = 0; i < tasks.size(); i++) {
                node(tasks.get(i), "tasks[" + i + "]", null, 1, limits, errors);
            }
        }
        if (metadata != null && PipelineJson.write(metadata).length > limits.maxMetadataBytes()) {
            errors.add(new FieldError("metadata", "is larger than " + limits.maxMetadataBytes() + " bytes as JSON"));
        }
        return errors;
    }

    private static void node(Node node, String path, TaskKind parent, int depth, RunsConfig limits,
            List<FieldError> errors) {
        if (node == null) {
            errors.add(new FieldError(path, "must be a task object: {\"kind\", \"options\", \"next\"}"));
            return;
        }
        TaskKind kind = TaskKind.fromWireName(node.kind());
        if (node.kind() == null || node.kind().isBlank()) {
            errors.add(new FieldError(path + ".kind", "is required: one of " + TaskKind.wireNames()));
        } else if (kind == null) {
            errors.add(new FieldError(path + ".kind", "'" + node.kind() + "' is not a task kind: use one of "
                    + TaskKind.wireNames()));
        } else {
            placement(kind, parent, path, errors);
            errors.addAll(TaskOptions.validate(kind, node.options(), path + ".options"));
            sources(kind, node.options() == null ? Map.of() : node.options(), path + ".options", errors);
        }
        List<Node> next = node.next() == null ? List.of() : node.next();
        if (kind == TaskKind.UPLOAD && !next.isEmpty()) {
            errors.add(new FieldError(path + ".next", "must be empty: an upload is the last step of its branch"));
            return;
        }
        if (next.size() > limits.maxWidth()) {
            errors.add(new FieldError(path + ".next", "has " + next.size() + " tasks; at most " + limits.maxWidth()
                    + " may follow one task"));
        }
        if (!next.isEmpty() && depth >= limits.maxDepth()) {
            errors.add(new FieldError(path + ".next", "goes deeper than " + limits.maxDepth() + " levels"));
            return;
        }
        for (int i = 0; i < next.size(); i++) {
            node(next.get(i), path + ".next[" + i + "]", kind, depth + 1, limits, errors);
        }
    }

    private static void placement(TaskKind kind, TaskKind parent, String path, List<FieldError> errors) {
        boolean root = parent == null;
        if (kind == TaskKind.INGEST && !root) {
            errors.add(new FieldError(path + ".kind", "an ingest must be a top-level task: it reads from a url or"
                    + " a bucket, not from another task"));
        } else if (kind != TaskKind.INGEST && root) {
            errors.add(new FieldError(path + ".kind", "a " + kind.wireName() + " task needs an input: put it in the"
                    + " next of an ingest task (runs start with ingest)"));
        }
        // an upload below an upload is reported on the parent's next
    }

    private static void sources(TaskKind kind, Map<String, Object> options, String path, List<FieldError> errors) {
        if (kind == TaskKind.INGEST) {
            boolean hasUrl = options.get("url") != null;
            boolean hasObject = options.get("bucket") != null || options.get("key") != null;
            if (hasUrl && hasObject) {
                errors.add(new FieldError(path, "give either url, or bucket and key, not both"));
            } else if (!hasUrl && !hasObject) {
                errors.add(new FieldError(path, "an ingest needs url (http, https or s3://), or bucket and key"));
            } else if (hasUrl) {
                url(options, path, errors);
            } else {
                objectAddress(options, path, errors);
            }
        } else if (kind == TaskKind.UPLOAD) {
            objectAddress(options, path, errors);
        }
        if (options.get("connection_id") instanceof String id && !IdKind.CONNECTION.matches(id)) {
            errors.add(new FieldError(path + ".connection_id", "must be a connection id ("
                    + IdKind.CONNECTION.format() + ")"));
        }
    }

    private static void url(Map<String, Object> options, String path, List<FieldError> errors) {
        if (!(options.get("url") instanceof String url)) {
            return; // reported by TaskOptions
        }
        if (url.startsWith("s3://")) {
            String problem = S3Url.problem(url);
            if (problem != null) {
                errors.add(new FieldError(path + ".url", problem));
            }
        } else if (!TaskRequestValidator.isHttpUrl(url)) {
            errors.add(new FieldError(path + ".url", "must use http://, https:// or s3://"));
        } else if (options.get("connection_id") != null) {
            errors.add(new FieldError(path + ".connection_id", "is only for reading from a bucket (bucket and key,"
                    + " or an s3:// url)"));
        }
    }

    private static void objectAddress(Map<String, Object> options, String path, List<FieldError> errors) {
        if (options.get("bucket") == null) {
            errors.add(new FieldError(path + ".bucket", "is required"));
        } else if (options.get("bucket") instanceof String bucket && !S3Url.isBucketName(bucket)) {
            errors.add(new FieldError(path + ".bucket", "must be a bucket name: 3 to 63 lowercase letters, digits,"
                    + " dots and hyphens"));
        }
        if (options.get("key") == null) {
            errors.add(new FieldError(path + ".key", "is required"));
        }
    }

    private static int count(List<Node> nodes) {
        int n = 0;
        for (Node node : nodes) {
            if (node != null) {
                n += 1 + (node.next() == null ? 0 : count(node.next()));
            }
        }
        return n;
    }
}
