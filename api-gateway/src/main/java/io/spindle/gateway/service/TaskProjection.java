package io.spindle.gateway.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.gateway.repository.Run;
import io.spindle.gateway.repository.RunRepository;
import io.spindle.gateway.repository.Task;
import io.spindle.gateway.repository.TaskRepository;
import io.spindle.gateway.rest.TaskView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Applies task-reports to the tasks/runs read model. Idempotent: a report that does not move its task forward
 * (a duplicate, or a stale one overtaken by a later status) changes nothing. A failed task cancels the tasks
 * below it; a succeeded task hands its outputs to its children as their inputs and queues them.
 */
@ApplicationScoped
public class TaskProjection {

    private static final Logger LOG = Logger.getLogger(TaskProjection.class);

    private final TaskRepository tasks;
    private final RunRepository runs;
    private final OutboxWriter outbox;

    public TaskProjection(TaskRepository tasks, RunRepository runs, OutboxWriter outbox) {
        this.tasks = tasks;
        this.runs = runs;
        this.outbox = outbox;
    }

    /**
     * Applies a report and, in the same transaction, writes the public events for every task whose API object
     * changed (a task's own, its children queued or cancelled, and the task that stands for a run made by
     * {@code POST /tasks}), {@code run.updated} when the run's status changes, and {@code run.succeeded},
     * {@code run.failed} or {@code run.cancelled} when it ends. The run is locked first (as a cancellation locks it).
     *
     * @return whether the report changed anything
     */
    @WithTransaction
    public Uni<Boolean> apply(TaskReport report) {
        return runs.lock(report.runId()).flatMap(run -> tasks.ofRun(report.runId()).flatMap(all -> {
            Task current = all.stream().filter(t -> t.id.equals(report.taskId())).findFirst().orElse(null);
            if (run == null || current == null || !current.projectId.equals(report.projectId())) {
                LOG.warnf("report %s for unknown task %s (project %s, run %s) ignored", report.eventId(),
                        report.taskId(), report.projectId(), report.runId());
                return Uni.createFrom().item(false);
            }
            if (!current.accepts(report)) { // a duplicate or stale report: no views to build
                return Uni.createFrom().item(false);
            }
            Map<String, TaskView> before = views(all, run);
            TaskStatus runBefore = run.status;
            Instant now = RunService.now();
            current.advance(report, TaskJson.write(report.outputs()), now);
            if (report.status() == TaskStatus.SUCCEEDED) {
                for (Task child : all) {
                    if (current.id.equals(child.parentId) && child.status == TaskStatus.WAITING) {
                        child.inputs = current.outputs;
                        child.status = TaskStatus.QUEUED;
                        child.updatedAt = now;
                    }
                }
            } else if (report.status() == TaskStatus.FAILED || report.status() == TaskStatus.CANCELLED) {
                cancelBelow(current, all, now);
            }
            RunState.derive(run, all, now);
            OutboxWriter.Batch published = outbox.batch();
            announce(published, run, all, before, runBefore, now);
            return published.write().replaceWith(true);
        }));
    }

    /** Adds to {@code published} an event for each task whose view changed, then one for the run if its status did. */
    void announce(OutboxWriter.Batch published, Run run, List<Task> all, Map<String, TaskView> before,
            TaskStatus runBefore, Instant now) {
        for (TaskView view : views(all, run).values()) {
            if (!sameState(before.get(view.id()), view)) {
                published.task(run.projectId, view, false, now);
            }
        }
        if (run.status != runBefore) { // run.updated on the way, run.succeeded, failed or cancelled at the end
            published.run(run.projectId, TaskViews.run(run, all), false, now);
        }
    }

    static Map<String, TaskView> views(List<Task> all, Run run) {
        Map<String, TaskView> views = new LinkedHashMap<>();
        for (Task task : all) {
            views.put(task.id, TaskViews.of(task, run, all));
        }
        return views;
    }

    /** Whether two views of a task say the same, apart from when they were updated. */
    private static boolean sameState(TaskView a, TaskView b) {
        return a != null && a.status() == b.status() && Objects.equals(a.progress(), b.progress())
                && a.attempts() == b.attempts()
                && a.inputs().equals(b.inputs()) && a.outputs().equals(b.outputs())
                && Objects.equals(a.error(), b.error()) && Objects.equals(a.startedAt(), b.startedAt())
                && Objects.equals(a.finishedAt(), b.finishedAt());
    }

    private static void cancelBelow(Task failed, List<Task> all, Instant now) {
        TaskError why = new TaskError("cancelled", "Not run: task " + failed.id + " (" + failed.kind.wireName() + ") "
                + (failed.status == TaskStatus.FAILED ? "failed" : "was cancelled") + ".");
        RunTree.unfinishedBelow(failed, all).forEach(t -> t.cancel(why, now));
    }
}
