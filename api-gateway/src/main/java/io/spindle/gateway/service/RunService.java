package io.spindle.gateway.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
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
import io.spindle.servicekit.rest.ApiException;
import io.spindle.servicekit.rest.QueryParams;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Accepts runs (validate, resolve connections, plan, store with their commands and events, queue) and reads
 * them. {@code POST /tasks}, {@code POST /runs} and {@code run-requests} all end in {@link #accept}.
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;

    private final ProjectRepository projects;
    private final RunRepository runs;
    private final TaskRepository tasks;
    private final ConnectionResolver connections;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final RunsConfig limits;

    public RunService(ProjectRepository projects, RunRepository runs, TaskRepository tasks, ConnectionResolver connections, OutboxWriter outbox,
            OutboxRelay relay, RunsConfig limits) {
        this.projects = projects;
        this.runs = runs;
        this.tasks = tasks;
        this.connections = connections;
        this.outbox = outbox;
        this.relay = relay;
        this.limits = limits;
    }

    /** {@code POST /runs}. */
    public Uni<RunView> create(String projectId, CreateRunRequest request) {
        if (request == null) {
            throw new ApiException(Problem.invalidInput("The request body must be a JSON object.", List.of()));
        }
        return plan(projectId, request.tasks(), request.metadata(), null)
                .flatMap(plan -> accept(plan, null))
                .map(plan -> TaskViews.run(plan.run(), plan.tasks()));
    }

    /**
     * A {@code run-requests} record, planned as {@code POST /runs} would plan it.
     *
     * @return the planned run, or null when a run with the request's id exists already (nothing is planned)
     * @throws ApiException when the request cannot be planned, saying why
     */
    public Uni<RunView> request(RunRequest request) {
        List<FieldError> errors = new java.util.ArrayList<>();
        if (!IdKind.PROJECT.matches(request.projectId())) {
            errors.add(new FieldError("project_id", "is required: the id of the project the run is for ("
                    + IdKind.PROJECT.format() + ")"));
        }
        if (request.id() != null && (request.id().isBlank() || request.id().length() > 128)) {
            errors.add(new FieldError("id", "must be 1 to 128 characters when given"));
        }
        if (request.schemaVersion() != null && request.schemaVersion() > RunRequest.SCHEMA_VERSION) {
            errors.add(new FieldError("schema_version", "is " + request.schemaVersion() + "; this gateway reads up to "
                    + RunRequest.SCHEMA_VERSION));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new ApiException(Problem.invalidInput(errors)));
        }
        return existing(request.projectId(), request.id()).flatMap(existing -> {
            if (existing != null) {
                LOG.infof("run request %s of project %s: run %s exists already, nothing planned", request.id(),
                        request.projectId(), existing.id);
                return Uni.createFrom().nullItem();
            }
            return plan(request.projectId(), request.tasks(), request.metadata(), request.id())
                    .flatMap(plan -> accept(plan, null))
                    .map(plan -> TaskViews.run(plan.run(), plan.tasks()))
                    // the same id planned meanwhile (by another replica): the unique index kept it to one run
                    .onFailure(RunService::isDuplicateRequest).recoverWithNull();
        });
    }

    /** The run planned earlier for this request id; fails when the project does not exist. */
    @WithSession
    Uni<Run> existing(String projectId, String requestId) {
        return projects.findById(projectId).flatMap(project -> {
            if (project == null) {
                return Uni.createFrom().failure(new ApiException(Problem.invalidInput(List.of(
                        new FieldError("project_id", "no project '" + projectId + "' in this Spindle")))));
            }
            return requestId == null ? Uni.createFrom().nullItem() : runs.findByRequest(projectId, requestId);
        });
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
    Uni<RunPlanner.Plan> accept(RunPlanner.Plan plan, String primaryTaskId) {
        plan.run().primaryTaskId = primaryTaskId;
        return store(plan)
                .call(() -> relay.publishPending().onFailure().recoverWithNull()) // the scheduler retries
                .invoke(() -> LOG.infof("run %s queued for project %s (%d tasks)", plan.run().id,
                        plan.run().projectId, plan.tasks().size()))
                .replaceWith(plan);
    }

    @WithTransaction
    Uni<Void> store(RunPlanner.Plan plan) {
        Run run = plan.run();
        Instant now = run.createdAt;
        return runs.persist(run)
                .call(() -> tasks.persist(plan.tasks()))
                .call(() -> Multi.createFrom().iterable(plan.rootCommands())
                        .onItem().transformToUniAndConcatenate(command -> outbox.command(command, now))
                        .collect().last())
                .call(() -> outbox.run(run.projectId, TaskViews.run(run, plan.tasks()), true, now))
                .call(() -> Multi.createFrom().iterable(plan.tasks())
                        .onItem().transformToUniAndConcatenate(task -> outbox.task(run.projectId,
                                TaskViews.of(task, run, plan.tasks()), true, now))
                        .collect().last())
                .replaceWithVoid();
    }

    @WithSession
    public Uni<RunView> get(String projectId, String id) {
        if (!IdKind.RUN.matches(id)) {
            throw ApiException.invalidField("id", "'" + id + "' is not a run id: expected " + IdKind.RUN.format());
        }
        return runs.findInProject(projectId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("run", id))
                .flatMap((Run run) -> tasks.ofRun(run.id).map(all -> TaskViews.run(run, all)));
    }

    @WithSession
    public Uni<Page<RunView>> list(String projectId, String limit, String after) {
        int size = QueryParams.intParam("limit", limit, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
        Uni<Run> cursor = Uni.createFrom().nullItem();
        if (after != null) {
            if (!IdKind.RUN.matches(after)) {
                throw ApiException.invalidField("after", "must be a run id (" + IdKind.RUN.format() + ")");
            }
            cursor = runs.findInProject(projectId, after).onItem().ifNull()
                    .failWith(() -> ApiException.invalidField("after", "no run '" + after + "' in this project"));
        }
        return cursor.flatMap(c -> runs.page(projectId, c, size + 1))
                .map(rows -> Page.of(rows.stream().map(run -> TaskViews.run(run, null)).toList(), size,
                        RunView::id));
    }

    private static boolean isDuplicateRequest(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(RunRepository.REQUEST_INDEX)) {
                return true;
            }
        }
        return false;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
