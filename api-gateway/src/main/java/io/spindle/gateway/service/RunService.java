package io.spindle.gateway.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.contract.Problem;
import io.spindle.contract.Problem.FieldError;
import io.spindle.contract.pipeline.RunRequest;
import io.spindle.contract.pipeline.RunRequest.Node;
import io.spindle.gateway.config.RunsConfig;
import io.spindle.gateway.messaging.OutboxRelay;
import io.spindle.gateway.repository.ProjectRepository;
import io.spindle.gateway.repository.Run;
import io.spindle.gateway.repository.RunRepository;
import io.spindle.gateway.repository.Task;
import io.spindle.gateway.repository.TaskRepository;
import io.spindle.gateway.rest.CreateRunRequest;
import io.spindle.gateway.rest.Page;
import io.spindle.gateway.rest.RunView;
import io.spindle.servicekit.persistence.DatabaseFailures;
import io.spindle.servicekit.rest.ApiException;
import io.spindle.servicekit.rest.QueryParams;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Accepts runs (validate, resolve connections, plan, store with their commands and events, queue) and reads
 * them. {@code POST /tasks}, {@code POST /runs} and {@code run-requests} all end in {@link #accept}.
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);

    private final ProjectRepository projects;
    private final RunRepository runs;
    private final TaskRepository tasks;
    private final ConnectionResolver connections;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final RunsConfig limits;

    public RunService(ProjectRepository projects, RunRepository runs, TaskRepository tasks,
            ConnectionResolver connections, OutboxWriter outbox, OutboxRelay relay, RunsConfig limits) {
        this.projects = projects;
        this.runs = runs;
        this.tasks = tasks;
        this.connections = connections;
        this.outbox = outbox;
        this.relay = relay;
        this.limits = limits;
    }

    /** What a create call answers: the object, and whether it was made now or by an earlier call with its key. */
    public record Created<T>(T value, boolean isNew) {
    }

    /**
     * {@code POST /runs}. With an idempotency key, a run planned earlier with the same key (in this project) is
     * answered instead of planning another.
     */
    public Uni<Created<RunView>> create(String projectId, CreateRunRequest request, String idempotencyKey) {
        if (request == null) {
            throw new ApiException(Problem.invalidInput("The request body must be a JSON object.", List.of()));
        }
        return planRun(projectId, request.tasks(), request.metadata(), idempotencyKey, "Idempotency-Key");
    }

    private Uni<Created<RunView>> planRun(String projectId, List<Node> tree, Map<String, Object> metadata, String key,
            String keyField) {
        return once(projectId, key, keyField, false,
                () -> plan(projectId, tree, metadata, key).flatMap(this::accept), TaskViews::run);
    }

    /**
     * Plans at most once per idempotency key: answers what {@code view} makes of the run planned earlier with the
     * key, or plans with {@code planning}. A key used by the other kind of request ({@code POST /tasks} versus
     * {@code POST /runs}) is a conflict.
     *
     * @param keyField where the key came from, for the error about a key too long or blank
     */
    <T> Uni<Created<T>> once(String projectId, String idempotencyKey, String keyField, boolean forTask,
            Supplier<Uni<RunPlanner.Plan>> planning, BiFunction<Run, List<Task>, T> view) {
        if (idempotencyKey == null) {
            return planning.get().map(plan -> new Created<>(view.apply(plan.run(), plan.tasks()), true));
        }
        Lookups.checkIdempotencyKey(keyField, idempotencyKey);
        Uni<Created<T>> earlier = existing(projectId, idempotencyKey).flatMap(run -> run == null
                ? Uni.createFrom().nullItem()
                : replay(run, forTask, idempotencyKey, view));
        return earlier.flatMap(found -> found != null ? Uni.createFrom().item(found)
                : planning.get().map(plan -> new Created<>(view.apply(plan.run(), plan.tasks()), true))
                        // the same key, planned meanwhile by a concurrent call: answer that run
                        .onFailure(e -> DatabaseFailures.violates(e, RunRepository.REQUEST_INDEX)).recoverWithUni(() -> existing(projectId,
                                idempotencyKey).flatMap(run -> replay(run, forTask, idempotencyKey, view))));
    }

    @WithSession
    <T> Uni<Created<T>> replay(Run run, boolean forTask, String key, BiFunction<Run, List<Task>, T> view) {
        if (forTask != (run.primaryTaskId != null)) {
            throw new ApiException(Problem.of(409, "Conflict", "idempotency_key_reused", "Idempotency-Key '" + key
                    + "' was used for " + (forTask ? "POST /runs" : "POST /tasks") + " (run " + run.id
                    + "); use a new key for a different request."));
        }
        return tasks.ofRun(run.id).map(all -> new Created<>(view.apply(run, all), false));
    }

    /**
     * A {@code run-requests} record, planned as {@code POST /runs} would plan it, its {@code id} serving as the
     * idempotency key.
     *
     * @throws ApiException when the request cannot be planned, saying why
     */
    public Uni<Created<RunView>> request(RunRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (!IdKind.PROJECT.matches(request.projectId())) {
            errors.add(new FieldError("project_id", "is required: the id of the project the run is for ("
                    + IdKind.PROJECT.format() + ")"));
        }
        if (request.schemaVersion() != null && request.schemaVersion() > RunRequest.SCHEMA_VERSION) {
            errors.add(new FieldError("schema_version", "is " + request.schemaVersion() + "; this gateway reads up to "
                    + RunRequest.SCHEMA_VERSION));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new ApiException(Problem.invalidInput(errors)));
        }
        return requireProject(request.projectId()).chain(() -> planRun(request.projectId(), request.tasks(),
                request.metadata(), request.id(), "id"));
    }

    @WithSession
    Uni<Void> requireProject(String projectId) {
        return projects.findById(projectId).invoke(project -> {
            if (project == null) {
                throw new ApiException(Problem.invalidInput(List.of(
                        new FieldError("project_id", "no project '" + projectId + "' in this Spindle"))));
            }
        }).replaceWithVoid();
    }

    /** The run planned earlier with this request id or idempotency key, or null. */
    @WithSession
    Uni<Run> existing(String projectId, String requestId) {
        return runs.findByRequest(projectId, requestId);
    }

    /** Validates a tree and resolves its connections: everything that can fail before anything is stored. */
    Uni<RunPlanner.Plan> plan(String projectId, List<Node> tree, Map<String, Object> metadata, String requestId) {
        List<FieldError> errors = RunTreeValidator.validate(tree, metadata, limits);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new ApiException(Problem.invalidInput(errors)));
        }
        return connections.resolve(projectId, RunPlanner.connectionNeeds(tree))
                .map(resolved -> RunPlanner.plan(projectId, tree, resolved, metadata, requestId, now()));
    }

    /** Stores a plan with its commands and events, then publishes them. */
    Uni<RunPlanner.Plan> accept(RunPlanner.Plan plan) {
        return store(plan)
                .invoke(relay::nudge) // published in the background; the request does not wait for Kafka
                .invoke(() -> LOG.debugf("run %s queued for project %s (%d tasks)", plan.run().id,
                        plan.run().projectId, plan.tasks().size()))
                .replaceWith(plan);
    }

    @WithTransaction
    Uni<Void> store(RunPlanner.Plan plan) {
        Run run = plan.run();
        Instant now = run.createdAt;
        OutboxWriter.Batch published = outbox.batch();
        plan.rootCommands().forEach(command -> published.command(command, now));
        published.run(run.projectId, TaskViews.run(run, plan.tasks()), true, now);
        plan.tasks().forEach(task -> published.task(run.projectId, TaskViews.of(task, run, plan.tasks()), true, now));
        return runs.persist(run)
                .call(() -> tasks.persist(plan.tasks()))
                .call(published::write)
                .replaceWithVoid();
    }

    @WithSession
    public Uni<RunView> get(String projectId, String id) {
        return Lookups.byId(IdKind.RUN, "run", id, runId -> runs.findInProject(projectId, runId))
                .flatMap((Run run) -> tasks.ofRun(run.id).map(all -> TaskViews.run(run, all)));
    }

    @WithSession
    public Uni<Page<RunView>> list(String projectId, String limit, String after) {
        int size = QueryParams.pageSize(limit);
        return Lookups.cursor(IdKind.RUN, "run", after, runId -> runs.findInProject(projectId, runId)).flatMap(c -> runs.page(projectId, c, size + 1))
                .map(rows -> Page.of(rows.stream().map(run -> TaskViews.run(run, null)).toList(), size,
                        RunView::id));
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
