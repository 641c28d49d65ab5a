package io.spindle.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.EventTypes;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import io.spindle.gateway.repository.OutboxRecord;
import io.spindle.gateway.repository.OutboxRepository;
import io.spindle.gateway.rest.RunView;
import io.spindle.gateway.rest.TaskView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Writes what the gateway publishes into the outbox, in the caller's transaction: commands for the workers,
 * and the public CloudEvents on {@code task-events}, whose values are the very JSON the REST API returns
 * (written with the API's own mapper). Events are keyed by run id, so one run's events stay in order.
 */
@ApplicationScoped
public class OutboxWriter {

    private final OutboxRepository outbox;
    private final ObjectMapper api;

    public OutboxWriter(OutboxRepository outbox, ObjectMapper api) {
        this.outbox = outbox;
        this.api = api;
    }

    public Uni<Void> command(TaskCommand command, Instant now) {
        OutboxRecord record = new OutboxRecord();
        record.topic = command.kind().topic();
        record.recordKey = command.taskId();
        record.payload = PipelineJson.write(command);
        record.createdAt = now;
        return outbox.persist(record).replaceWithVoid();
    }

    /** {@code task.created}, or the event that the task's (new) status calls for. */
    public Uni<Void> task(String projectId, TaskView task, boolean created, Instant now) {
        String type = created ? EventTypes.TASK_CREATED
                : task.status() == TaskStatus.SUCCEEDED ? EventTypes.TASK_SUCCEEDED
                : task.status() == TaskStatus.FAILED ? EventTypes.TASK_FAILED
                : EventTypes.TASK_UPDATED;
        return event(type, projectId, task.runId(), task.id(), task, now);
    }

    /** {@code run.created}, or {@code run.succeeded} / {@code run.failed} once the run has ended. */
    public Uni<Void> run(String projectId, RunView run, boolean created, Instant now) {
        String type = created ? EventTypes.RUN_CREATED
                : run.status() == TaskStatus.SUCCEEDED ? EventTypes.RUN_SUCCEEDED : EventTypes.RUN_FAILED;
        return event(type, projectId, run.id(), run.id(), run, now);
    }

    /** {@code run.rejected}, with the request's id as its subject (when it had one). */
    public Uni<Void> rejected(RunRejection rejection, String key, Instant now) {
        return event(EventTypes.RUN_REJECTED, rejection.projectId(), key, rejection.id(), rejection, now);
    }

    private Uni<Void> event(String type, String projectId, String key, String subject, Object data, Instant now) {
        OutboxRecord record = new OutboxRecord();
        record.topic = Topics.TASK_EVENTS;
        record.recordKey = key;
        try {
            record.payload = api.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + type + " event", e);
        }
        record.eventType = type;
        record.eventId = Ids.newId(IdKind.EVENT);
        record.eventSource = "/projects/" + (projectId == null ? "unknown" : projectId);
        record.eventSubject = subject;
        record.createdAt = now;
        return outbox.persist(record).replaceWithVoid();
    }
}
