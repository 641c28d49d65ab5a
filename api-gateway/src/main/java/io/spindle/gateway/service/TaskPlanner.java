package io.spindle.gateway.service;

import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.PlannedTask;
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

/**
 * Turns a validated request into a run: every node gets its task id, connections are already resolved, and
 * the root's command carries the whole subtree.
 */
final class TaskPlanner {

    /** A planned run: what to store, and the command to publish for the root. */
    record Plan(Run run, List<Task> tasks, TaskCommand rootCommand) {
    }

    private TaskPlanner() {
    }

    /**
     * {@code POST /tasks}: {@code ingest → <kind> → upload} (upload only with a destination).
     *
     * @param connectionId the resolved connection, or null when neither the url nor a destination needs one
     */
    static Plan single(String projectId, String url, TaskKind kind, Map<String, Object> options, String connectionId,
            String destination, Instant now) {
        Map<String, Object> ingestOptions = new LinkedHashMap<>();
        S3Url source = S3Url.parse(url);
        if (source != null) {
            ingestOptions.put("connection_id", connectionId);
            ingestOptions.put("bucket", source.bucket());
            ingestOptions.put("key", source.key());
        } else {
            ingestOptions.put("url", url);
        }
        List<PlannedTask> afterProcessing = new ArrayList<>();
        S3Url target = S3Url.parse(destination);
        if (target != null) {
            afterProcessing.add(new PlannedTask(Ids.newId(IdKind.TASK), TaskKind.UPLOAD,
                    Map.of("connection_id", connectionId, "bucket", target.bucket(), "key", target.key()), List.of()));
        }
        PlannedTask processing = new PlannedTask(Ids.newId(IdKind.TASK), kind, options, afterProcessing);
        PlannedTask ingest = new PlannedTask(Ids.newId(IdKind.TASK), TaskKind.INGEST, ingestOptions,
                List.of(processing));

        Run run = new Run();
        run.id = Ids.newId(IdKind.RUN);
        run.projectId = projectId;
        run.status = TaskStatus.QUEUED;
        run.primaryTaskId = processing.taskId();
        run.createdAt = now;
        run.updatedAt = now;

        List<Task> tasks = new ArrayList<>();
        flatten(run, ingest, null, tasks, now);
        Task root = tasks.get(0);
        root.status = TaskStatus.QUEUED;
        root.inputs = TaskJson.write(List.of(new Artifact(url, source == null ? null : connectionId, null, null, null,
                null, null)));

        TaskCommand command = new TaskCommand(TaskCommand.SCHEMA_VERSION, projectId, run.id, ingest.taskId(), null,
                TaskKind.INGEST, ingest.options(), null, ingest.next(), 1, now);
        return new Plan(run, tasks, command);
    }

    private static void flatten(Run run, PlannedTask node, String parentId, List<Task> into, Instant now) {
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
    }
}
