package io.spindle.gateway.service;

import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.gateway.repository.Run;
import io.spindle.gateway.repository.Task;
import io.spindle.gateway.rest.RunView;
import io.spindle.gateway.rest.TaskView;
import java.util.List;

/**
 * Builds the API's objects. The task a client got from {@code POST /tasks} stands for its whole run (the
 * ingest before it and the upload after it are steps the client did not ask for by name): its status, progress,
 * error and times are the run's, and its outputs are where the result finally is (the destination, once
 * uploaded). Every other task shows its own state.
 */
final class TaskViews {

    private TaskViews() {
    }

    static TaskView of(Task task, Run run, List<Task> runTasks) {
        if (run != null && task.id.equals(run.primaryTaskId)) {
            List<Artifact> outputs = runTasks.stream()
                    .filter(t -> task.id.equals(t.parentId) && t.kind == TaskKind.UPLOAD)
                    .findFirst().map(upload -> TaskJson.artifacts(upload.outputs))
                    .orElseGet(() -> TaskJson.artifacts(task.outputs));
            return new TaskView(task.id, TaskView.OBJECT, task.kind, run.status, run.progress, task.attempts,
                    TaskJson.options(task.options), run.id, null, TaskJson.artifacts(task.inputs), outputs, run.error(),
                    task.createdAt, run.updatedAt, run.startedAt, run.finishedAt);
        }
        return own(task);
    }

    /** The task that stands for a run made by {@code POST /tasks}. */
    static TaskView primary(Run run, List<Task> runTasks) {
        return of(runTasks.stream().filter(t -> t.id.equals(run.primaryTaskId)).findFirst().orElseThrow(), run,
                runTasks);
    }

    static TaskView own(Task task) {
        return new TaskView(task.id, TaskView.OBJECT, task.kind, task.status, task.progress, task.attempts,
                TaskJson.options(task.options), task.runId, task.parentId, TaskJson.artifacts(task.inputs),
                TaskJson.artifacts(task.outputs), task.error(), task.createdAt, task.updatedAt, task.startedAt,
                task.finishedAt);
    }

    /** A run with its tasks; without them (for lists) when {@code tasks} is null. */
    static RunView run(Run run, List<Task> tasks) {
        return new RunView(run.id, RunView.OBJECT, run.status, run.progress,
                run.metadata == null ? null : TaskJson.options(run.metadata), run.requestId, run.error(),
                tasks == null ? null : tasks.stream().map(TaskViews::own).toList(), run.createdAt, run.updatedAt,
                run.startedAt, run.finishedAt);
    }
}
