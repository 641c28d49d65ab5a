package io.spindle.gateway.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.gateway.messaging.OutboxRelay;
import io.spindle.gateway.repository.OutboxRecord;
import io.spindle.gateway.repository.OutboxRepository;
import io.spindle.gateway.repository.Run;
import io.spindle.gateway.repository.RunRepository;
import io.spindle.gateway.repository.Task;
import io.spindle.gateway.repository.TaskRepository;
import io.spindle.gateway.rest.CreateTaskRequest;
import io.spindle.gateway.rest.Page;
import io.spindle.gateway.rest.RunView;
import io.spindle.gateway.rest.TaskView;
import io.spindle.servicekit.rest.ApiException;
import io.spindle.servicekit.rest.QueryParams;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/** Accepts tasks (validate, resolve connections, plan, store, queue) and reads the task/run projection. */
@ApplicationScoped
public class TaskService {

    private static final Logger LOG = Logger.getLogger(TaskService.class);
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;

    private final TaskRepository tasks;
    private final RunRepository runs;
    private final OutboxRepository outbox;
    private final ConnectionResolver connections;
    private final OutboxRelay relay;

    public TaskService(TaskRepository tasks, RunRepository runs, OutboxRepository outbox,
            ConnectionResolver connections, OutboxRelay relay) {
        this.tasks = tasks;
        this.runs = runs;
        this.outbox = outbox;
        this.connections = connections;
        this.relay = relay;
    }

    /** Validates, plans and queues {@code POST /tasks}; answers the task that stands for the run. */
    public Uni<TaskView> create(String projectId, CreateTaskRequest request) {
        TaskRequestValidator.validate(request);
        boolean needsConnection = S3Url.parse(request.url()) != null || request.destination() != null;
        String needFor = S3Url.parse(request.url()) != null ? "the s3:// url" : "the destination";
        Uni<String> connection = needsConnection
                ? connections.resolve(projectId, request.connectionId(), "connection_id", needFor)
                : Uni.createFrom().item(request.connectionId());
        return connection
                .flatMap(connectionId -> store(TaskPlanner.single(projectId, request.url(),
                        TaskKind.fromWireName(request.kind()), request.options(), connectionId, request.destination(),
                        now())))
                .call(() -> relay.publishPending().onFailure().recoverWithNull()) // the scheduler retries
                .invoke(view -> LOG.infof("run %s queued for project %s (task %s)", view.runId(), projectId,
                        view.id()));
    }

    @WithTransaction
    Uni<TaskView> store(TaskPlanner.Plan plan) {
        OutboxRecord record = new OutboxRecord();
        record.topic = plan.rootCommand().kind().topic();
        record.recordKey = plan.rootCommand().taskId();
        record.payload = PipelineJson.write(plan.rootCommand());
        record.createdAt = plan.run().createdAt;
        return runs.persist(plan.run())
                .call(() -> tasks.persist(plan.tasks()))
                .call(() -> outbox.persist(record))
                .map(ignored -> TaskViews.of(plan.tasks().stream().filter(t -> t.id.equals(plan.run().primaryTaskId))
                        .findFirst().orElseThrow(), plan.run(), plan.tasks()));
    }

    @WithSession
    public Uni<TaskView> get(String projectId, String id) {
        if (!IdKind.TASK.matches(id)) {
            throw ApiException.invalidField("id", "'" + id + "' is not a task id: expected " + IdKind.TASK.format());
        }
        return tasks.findInProject(projectId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("task", id))
                .flatMap(task -> runs.findById(task.runId).flatMap(run -> run != null
                        && task.id.equals(run.primaryTaskId)
                        ? tasks.ofRun(run.id).map(all -> TaskViews.of(task, run, all))
                        : Uni.createFrom().item(TaskViews.own(task))));
    }

    @WithSession
    public Uni<Page<TaskView>> list(String projectId, String status, String kind, String limit, String after) {
        int size = QueryParams.intParam("limit", limit, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
        TaskStatus statusFilter = status == null ? null : TaskStatus.fromWireName(status);
        if (status != null && statusFilter == null) {
            throw ApiException.invalidField("status", "must be one of waiting, queued, processing, succeeded, failed,"
                    + " cancelled");
        }
        TaskKind kindFilter = kind == null ? null : TaskKind.fromWireName(kind);
        if (kind != null && kindFilter == null) {
            throw ApiException.invalidField("kind", "must be one of " + TaskKind.wireNames());
        }
        Uni<Task> cursor = Uni.createFrom().nullItem();
        if (after != null) {
            if (!IdKind.TASK.matches(after)) {
                throw ApiException.invalidField("after", "must be a task id (" + IdKind.TASK.format() + ")");
            }
            cursor = tasks.findInProject(projectId, after).onItem().ifNull()
                    .failWith(() -> ApiException.invalidField("after", "no task '" + after + "' in this project"));
        }
        return cursor.flatMap(c -> tasks.page(projectId, statusFilter, kindFilter, c, size + 1))
                .map(rows -> Page.of(rows.stream().map(TaskViews::own).toList(), size, TaskView::id));
    }

    @WithSession
    public Uni<RunView> run(String projectId, String id) {
        if (!IdKind.RUN.matches(id)) {
            throw ApiException.invalidField("id", "'" + id + "' is not a run id: expected " + IdKind.RUN.format());
        }
        return runs.findInProject(projectId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("run", id))
                .flatMap((Run run) -> tasks.ofRun(run.id).map(all -> TaskViews.run(run, all)));
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
