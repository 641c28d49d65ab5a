package io.spindle.gateway.service;

import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.PlannedTask;
import io.spindle.contract.pipeline.RunRequest.Node;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.gateway.repository.Run;
import io.spindle.gateway.repository.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The one planner behind {@code POST /tasks}, {@code POST /runs} and {@code run-requests}: it turns a validated
 * tree into a run whose every node is a task with its id, its connections resolved, and one command per root
 * that carries the root's whole subtree.
 */
final class RunPlanner {

    /** A planned run: what to store, and the commands to publish for its roots. */
    record Plan(Run run, List<Task> tasks, List<TaskCommand> rootCommands) {
    }

    private RunPlanner() {
    }

    /** {@code POST /tasks} as a tree: {@code ingest → <kind> → upload} (upload only with a destination). */
    static List<Node> singleTask(String url, String kind, Map<String, Object> options, String connectionId,
            String destination) {
        List<Node> afterProcessing = new ArrayList<>();
        S3Url target = S3Url.parse(destination);
        if (target != null) {
            afterProcessing.add(new Node(TaskKind.UPLOAD.wireName(), objectOptions(connectionId, target), List.of()));
        }
        S3Url source = S3Url.parse(url);
        Map<String, Object> ingest = source != null ? objectOptions(connectionId, source) : Map.of("url", url);
        return List.of(new Node(TaskKind.INGEST.wireName(), ingest,
                List.of(new Node(kind, options, afterProcessing))));
    }

    /** What each ingest from a bucket and each upload needs a connection for, by the path of its field. */
    static List<ConnectionResolver.Need> connectionNeeds(List<Node> tasks) {
        List<ConnectionResolver.Need> needs = new ArrayList<>();
        walk(tasks, "tasks", (node, path) -> {
            S3Url object = object(node);
            if (object != null) {
                String what = TaskKind.UPLOAD.wireName().equals(node.kind()) ? "the upload to " : "the ingest from ";
                needs.add(new ConnectionResolver.Need(path + ".options.connection_id",
                        (String) node.options().get("connection_id"), what + object));
            } else if (node.options() != null && node.options().get("connection_id") instanceof String named) {
                // named where nothing needs it (an ingest from a url): still checked, unknown or foreign is an error
                needs.add(new ConnectionResolver.Need(path + ".options.connection_id", named, "the task"));
            }
            return node;
        });
        return needs;
    }

    /**
     * Plans a valid tree. Ingests of {@code s3://} urls become {@code bucket} and {@code key}; every ingest from
     * a bucket and every upload gets the connection resolved for it (keyed by the path of its
     * {@code connection_id}, see {@link #connectionNeeds}).
     */
    static Plan plan(String projectId, List<Node> tasks, Map<String, String> connections,
            Map<String, Object> metadata, String requestId, Instant now) {
        List<Node> resolved = walk(tasks, "tasks", (node, path) -> {
            S3Url object = object(node);
            if (object == null) {
                return node;
            }
            String connection = connections.getOrDefault(path + ".options.connection_id",
                    (String) node.options().get("connection_id"));
            Map<String, Object> options = new LinkedHashMap<>(node.options());
            options.remove("url");
            options.putAll(objectOptions(connection, object));
            return new Node(node.kind(), options, node.next());
        });

        Run run = new Run();
        run.id = Ids.newId(IdKind.RUN);
        run.projectId = projectId;
        run.status = TaskStatus.QUEUED;
        run.metadata = metadata == null ? null : TaskJson.write(metadata);
        run.requestId = requestId;
        run.createdAt = now;
        run.updatedAt = now;

        List<Task> rows = new ArrayList<>();
        List<TaskCommand> commands = new ArrayList<>();
        for (Node root : resolved) {
            PlannedTask planned = assignIds(root);
            Task task = flatten(run, planned, null, rows, now);
            task.status = TaskStatus.QUEUED;
            task.inputs = TaskJson.write(List.of(source(planned)));
            commands.add(new TaskCommand(TaskCommand.SCHEMA_VERSION, projectId, run.id, planned.taskId(), null,
                    planned.kind(), planned.options(), null, planned.next(), now));
        }
        return new Plan(run, rows, commands);
    }

    private static PlannedTask assignIds(Node node) {
        List<PlannedTask> next = node.next() == null ? List.of() : node.next().stream().map(RunPlanner::assignIds)
                .toList();
        return new PlannedTask(Ids.newId(IdKind.TASK), TaskKind.fromWireName(node.kind()), node.options(), next);
    }

    /** What an ingest reads, as the input the API shows on it. */
    private static Artifact source(PlannedTask ingest) {
        Object url = ingest.options().get("url");
        String connection = (String) ingest.options().get("connection_id");
        String address = url != null ? url.toString()
                : new S3Url((String) ingest.options().get("bucket"), (String) ingest.options().get("key")).toString();
        return new Artifact(address, connection, null, null, null, null, null);
    }

    private static Task flatten(Run run, PlannedTask node, String parentId, List<Task> into, Instant now) {
        Task task = new Task();
        task.id = node.taskId();
        task.projectId = run.projectId;
        task.runId = run.id;
        task.parentId = parentId;
        task.position = into.size();
        task.kind = node.kind();
        task.status = TaskStatus.WAITING;
        task.options = TaskJson.write(node.options());
        task.inputs = "[]";
        task.outputs = "[]";
        task.createdAt = now;
        task.updatedAt = now;
        into.add(task);
        for (PlannedTask child : node.next()) {
            flatten(run, child, node.taskId(), into, now);
        }
        return task;
    }

    /** The bucket object an ingest reads or an upload writes; null for an ingest of an http(s) url. */
    private static S3Url object(Node node) {
        Map<String, Object> options = node.options() == null ? Map.of() : node.options();
        TaskKind kind = TaskKind.fromWireName(node.kind());
        if (kind != TaskKind.INGEST && kind != TaskKind.UPLOAD) {
            return null;
        }
        if (options.get("url") instanceof String url) {
            return S3Url.parse(url);
        }
        return new S3Url((String) options.get("bucket"), (String) options.get("key"));
    }

    private static Map<String, Object> objectOptions(String connectionId, S3Url object) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (connectionId != null) {
            options.put("connection_id", connectionId);
        }
        options.put("bucket", object.bucket());
        options.put("key", object.key());
        return options;
    }

    /** Rebuilds the tree in tree order (a node before its children), each node with its path: tasks[0].next[1]. */
    private static List<Node> walk(List<Node> nodes, String path, BiFunction<Node, String, Node> visit) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            String at = path.equals("tasks") ? "tasks[" + i + "]" : path + ".next[" + i + "]";
            List<Node> next = node.next() == null ? List.of() : node.next();
            Node visited = visit.apply(new Node(node.kind(), node.options() == null ? Map.of() : node.options(), next),
                    at);
            out.add(new Node(visited.kind(), visited.options(), walk(next, at, visit)));
        }
        return out;
    }
}
