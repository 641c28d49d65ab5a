package io.spindle.gateway.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.pipeline.TaskEvent;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.gateway.repository.RunRepository;
import io.spindle.gateway.repository.Task;
import io.spindle.gateway.repository.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Applies task-events to the tasks/runs read model. Idempotent: an event that does not move its task forward
 * (a duplicate, or a stale one overtaken by a later status) changes nothing. A failed task cancels the tasks
 * below it; a succeeded task hands its outputs to its children as their inputs and queues them.
 */
@ApplicationScoped
public class TaskProjection {

    private static final Logger LOG = Logger.getLogger(TaskProjection.class);

    private final TaskRepository tasks;
    private final RunRepository runs;

    public TaskProjection(TaskRepository tasks, RunRepository runs) {
        this.tasks = tasks;
        this.runs = runs;
    }

    /** @return whether the event changed anything */
    @WithTransaction
    public Uni<Boolean> apply(TaskEvent event) {
        return tasks.ofRun(event.runId()).flatMap(all -> {
            Task current = all.stream().filter(t -> t.id.equals(event.taskId())).findFirst().orElse(null);
            if (current == null || !current.projectId.equals(event.projectId())) {
                LOG.warnf("event %s for unknown task %s (project %s, run %s) ignored", event.eventId(),
                        event.taskId(), event.projectId(), event.runId());
                return Uni.createFrom().item(false);
            }
            if (!moves(current, event)) {
                return Uni.createFrom().item(false);
            }
            Instant now = TaskService.now();
            applyTo(current, event, now);
            if (event.status() == TaskStatus.SUCCEEDED) {
                for (Task child : all) {
                    if (current.id.equals(child.parentId) && child.status == TaskStatus.WAITING) {
                        child.inputs = current.outputs;
                        child.status = TaskStatus.QUEUED;
                        child.updatedAt = now;
                    }
                }
            } else if (event.status() == TaskStatus.FAILED || event.status() == TaskStatus.CANCELLED) {
                cancelBelow(current, all, now);
            }
            return runs.findById(current.runId).invoke(run -> RunState.derive(run, all, now)).replaceWith(true);
        });
    }

    private static boolean moves(Task task, TaskEvent event) {
        if (event.status() == null || !task.status.canMoveTo(event.status())) {
            return false;
        }
        if (event.status() == task.status) { // a progress report: only forward
            return event.status() == TaskStatus.PROCESSING && event.progress() != null
                    && (task.progress == null || event.progress() > task.progress);
        }
        return true;
    }

    private static void applyTo(Task task, TaskEvent event, Instant now) {
        task.status = event.status();
        task.updatedAt = now;
        if (event.progress() != null) {
            task.progress = Math.max(0, Math.min(100, event.progress()));
        }
        if (event.status().rank() >= TaskStatus.PROCESSING.rank() && task.startedAt == null) {
            task.startedAt = now;
        }
        if (event.status().isTerminal()) {
            task.finishedAt = now;
        }
        if (event.status() == TaskStatus.SUCCEEDED) {
            task.progress = 100;
            task.outputs = TaskJson.write(event.outputs());
        }
        if (event.error() != null) {
            task.errorKind = event.error().kind();
            task.errorMessage = event.error().message();
        }
    }

    private static void cancelBelow(Task failed, List<Task> all, Instant now) {
        Set<String> below = new HashSet<>(Set.of(failed.id));
        for (Task t : all) { // tree order: parents come before their children
            if (t.parentId != null && below.contains(t.parentId)) {
                below.add(t.id);
                if (!t.status.isTerminal()) {
                    t.status = TaskStatus.CANCELLED;
                    t.errorKind = "cancelled";
                    t.errorMessage = "Not run: task " + failed.id + " (" + failed.kind.wireName() + ") "
                            + (failed.status == TaskStatus.FAILED ? "failed" : "was cancelled") + ".";
                    t.finishedAt = now;
                    t.updatedAt = now;
                }
            }
        }
    }
}
