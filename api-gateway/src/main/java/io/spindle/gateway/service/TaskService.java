package io.spindle.gateway.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.RunRequest.Node;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.gateway.repository.TaskRepository;
import io.spindle.gateway.rest.CreateTaskRequest;
import io.spindle.gateway.rest.Page;
import io.spindle.gateway.rest.TaskView;
import io.spindle.servicekit.rest.ApiException;
import io.spindle.servicekit.rest.QueryParams;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Accepts tasks ({@code POST /tasks} is a run of its own) and reads them from the projection. */
@ApplicationScoped
public class TaskService {

    private final TaskRepository tasks;
    private final RunService runService;
    private final ConnectionResolver connections;

    public TaskService(TaskRepository tasks, RunService runService, ConnectionResolver connections) {
        this.tasks = tasks;
        this.runService = runService;
        this.connections = connections;
    }

    /**
     * Validates and queues {@code POST /tasks} as the run {@code ingest → <kind> → upload}; answers the task
     * that stands for the run. With an idempotency key, the task made earlier with that key is answered instead.
     */
    public Uni<RunService.Created<TaskView>> create(String projectId, CreateTaskRequest request,
            String idempotencyKey) {
        TaskRequestValidator.validate(request);
        boolean fromBucket = S3Url.parse(request.url()) != null;
        // a connection_id is checked even where nothing needs it: an unknown or foreign one is an error, not noise
        List<ConnectionResolver.Need> needs = fromBucket || request.destination() != null
                || request.connectionId() != null
                ? List.of(new ConnectionResolver.Need("connection_id", request.connectionId(),
                        fromBucket ? "the s3:// url" : "the destination"))
                : List.of();
        Supplier<Uni<RunPlanner.Plan>> planning = () -> connections.resolve(projectId, needs).flatMap(resolved -> {
            List<Node> tree = RunPlanner.singleTask(request.url(), request.kind(), request.options(),
                    resolved.get("connection_id"), request.destination());
            RunPlanner.Plan plan = RunPlanner.plan(projectId, tree, Map.of(), null, idempotencyKey, RunService.now());
            plan.run().primaryTaskId = plan.tasks().get(1).id; // ingest, then the task asked for
            return runService.accept(plan);
        });
        return runService.once(projectId, idempotencyKey, "Idempotency-Key", true, planning, TaskViews::primary);
    }

    @WithSession
    public Uni<TaskView> get(String projectId, String id) {
        // one query: the task with its run and the run's other tasks (a run's primary task shows the whole run)
        return Lookups.byId(IdKind.TASK, "task", id, taskId -> tasks.withRun(projectId, taskId)
                .map(found -> found == null ? null : TaskViews.of(found.task(), found.run(), found.all())));
    }

    @WithSession
    public Uni<Page<TaskView>> list(String projectId, String status, String kind, String limit, String after) {
        int size = QueryParams.pageSize(limit);
        TaskStatus statusFilter = status == null ? null : TaskStatus.fromWireName(status);
        if (status != null && statusFilter == null) {
            throw ApiException.invalidField("status", "must be one of waiting, queued, processing, succeeded, failed,"
                    + " cancelled");
        }
        TaskKind kindFilter = kind == null ? null : TaskKind.fromWireName(kind);
        if (kind != null && kindFilter == null) {
            throw ApiException.invalidField("kind", "must be one of " + TaskKind.wireNames());
        }
        return Lookups.cursor(IdKind.TASK, "task", after, id -> tasks.findInProject(projectId, id)).flatMap(c -> tasks.page(projectId, statusFilter, kindFilter, c, size + 1))
                .map(rows -> Page.of(rows.stream().map(TaskViews::own).toList(), size, TaskView::id));
    }

}
