package io.spindle.gateway.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.contract.Problem;
import io.spindle.contract.pipeline.TaskCancellation;
import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.gateway.messaging.OutboxRelay;
import io.spindle.gateway.repository.Run;
import io.spindle.gateway.repository.RunRepository;
import io.spindle.gateway.repository.Task;
import io.spindle.gateway.repository.TaskRepository;
import io.spindle.gateway.rest.RunView;
import io.spindle.gateway.rest.TaskView;
import io.spindle.servicekit.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code POST /tasks/{id}/cancel} and {@code POST /runs/{id}/cancel}. In one transaction (the run locked, as a
 * report's projection locks it): every unfinished task concerned becomes {@code cancelled} (the task and the
 * tasks below it; the whole run for a run, or for the task that stands for a run made by {@code POST /tasks}),
 * the run's state is derived again, the events are written, and a {@link TaskCancellation} is written for the
 * workers, who stop those of the tasks they are running and skip their commands if they come later. Reports
 * about a cancelled task change nothing any more: it has ended.
 *
 * <p>A task or run that has already ended is a {@code 409}, unless the call repeats, with the same
 * Idempotency-Key, the call that cancelled it: that answers {@code 200} again.
 */
@ApplicationScoped
public class CancelService {

    private static final Logger LOG = Logger.getLogger(CancelService.class);
    static final TaskError REQUESTED = new TaskError("cancelled", "Cancelled by request.");

    private final TaskRepository tasks;
    private final RunRepository runs;
    private final TaskProjection projection;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;

    public CancelService(TaskRepository tasks, RunRepository runs, TaskProjection projection, OutboxWriter outbox,
            OutboxRelay relay) {
        this.tasks = tasks;
        this.runs = runs;
        this.projection = projection;
        this.outbox = outbox;
        this.relay = relay;
    }

    public Uni<TaskView> cancelTask(String projectId, String taskId, String idempotencyKey) {
        Lookups.checkIdempotencyKey("Idempotency-Key", idempotencyKey);
        return inTransaction(() -> Lookups.byId(IdKind.TASK, "task", taskId, id -> tasks.findInProject(projectId, id))
                .flatMap(task -> runs.lock(task.runId).flatMap(run -> tasks.ofRun(run.id).flatMap(all -> {
                    Task target = all.stream().filter(t -> t.id.equals(taskId)).findFirst().orElseThrow();
                    boolean standsForRun = target.id.equals(run.primaryTaskId);
                    TaskStatus status = standsForRun ? run.status : target.status;
                    String key = standsForRun ? run.cancelRequestId : target.cancelRequestId;
                    if (status.isTerminal()) {
                        return alreadyEnded("task", taskId, status, key, idempotencyKey,
                                () -> TaskViews.of(target, run, all));
                    }
                    if (standsForRun) {
                        run.cancelRequestId = idempotencyKey;
                    }
                    target.cancelRequestId = idempotencyKey;
                    return (standsForRun ? cancel(run, all, unfinished(all), null)
                            : cancel(run, all, unfinishedFrom(target, all), target))
                            .map(v -> TaskViews.of(target, run, all));
                }))));
    }

    public Uni<RunView> cancelRun(String projectId, String runId, String idempotencyKey) {
        Lookups.checkIdempotencyKey("Idempotency-Key", idempotencyKey);
        return inTransaction(() -> Lookups.byId(IdKind.RUN, "run", runId, id -> runs.findInProject(projectId, id))
                .flatMap(found -> runs.lock(found.id)).flatMap(run -> tasks.ofRun(run.id).flatMap(all -> {
                    if (run.status.isTerminal()) {
                        return alreadyEnded("run", runId, run.status, run.cancelRequestId, idempotencyKey,
                                () -> TaskViews.run(run, all));
                    }
                    run.cancelRequestId = idempotencyKey;
                    return cancel(run, all, unfinished(all), null).map(v -> TaskViews.run(run, all));
                })));
    }

    /** Runs {@code work} in a transaction, then has the relay publish what it wrote, in the background. */
    private <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Panache.withTransaction(work).invoke(relay::nudge);
    }

    /**
     * Cancels {@code cancelled}: {@code asked} and the tasks below it, or, when {@code asked} is null, the whole
     * run (every task then cancelled by request).
     */
    private Uni<Void> cancel(Run run, List<Task> all, List<Task> cancelled, Task asked) {
        Map<String, TaskView> before = TaskProjection.views(all, run);
        TaskStatus runBefore = run.status;
        Instant now = RunService.now();
        TaskError below = asked == null ? REQUESTED : new TaskError("cancelled", "Not run: task " + asked.id + " ("
                + asked.kind.wireName() + ") was cancelled.");
        for (Task task : cancelled) {
            task.cancel(asked == null || task == asked ? REQUESTED : below, now);
        }
        RunState.derive(run, all, now);
        List<String> ids = cancelled.stream().map(t -> t.id).toList();
        LOG.infof("run %s: cancelled %s on request", run.id, ids);
        OutboxWriter.Batch published = outbox.batch();
        projection.announce(published, run, all, before, runBefore, now);
        return published.cancellation(new TaskCancellation(TaskCancellation.SCHEMA_VERSION, run.projectId, run.id, ids,
                now), now).write();
    }

    private static <T> Uni<T> alreadyEnded(String what, String id, TaskStatus status, String cancelKey,
            String idempotencyKey, Supplier<T> replay) {
        if (idempotencyKey != null && Objects.equals(cancelKey, idempotencyKey)) {
            return Uni.createFrom().item(replay.get()); // the call that cancelled it, repeated
        }
        throw new ApiException(Problem.of(409, "Conflict", what + "_finished", "The " + what + " " + id
                + " has already " + (status == TaskStatus.CANCELLED ? "been cancelled" : status.wireName())
                + "; only a " + what + " that has not ended can be cancelled."));
    }

    /** The run's tasks that have not ended, in tree order. */
    private static List<Task> unfinished(List<Task> all) {
        return all.stream().filter(t -> !t.status.isTerminal()).toList();
    }

    /** {@code task} and the tasks below it that have not ended, in tree order. */
    private static List<Task> unfinishedFrom(Task task, List<Task> all) {
        List<Task> found = new ArrayList<>(List.of(task));
        found.addAll(RunTree.unfinishedBelow(task, all));
        return found;
    }
}
