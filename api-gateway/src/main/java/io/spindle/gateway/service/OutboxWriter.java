package io.spindle.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.EventTypes;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.Topics;
import io.spindle.contract.pipeline.TaskCancellation;
import io.spindle.gateway.events.Event;
import io.spindle.gateway.events.EventLog;
import io.spindle.gateway.repository.OutboxRecord;
import io.spindle.gateway.repository.OutboxRepository;
import io.spindle.gateway.rest.RunView;
import io.spindle.gateway.rest.TaskView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what the gateway publishes into the outbox, in the caller's transaction: commands for the workers,
 * and the public CloudEvents on {@code task-events}, whose values are the very JSON the REST API returns
 * (written with the API's own mapper). Events are keyed by run id, so one run's events stay in order. Every event
 * is recorded in the {@link EventLog} too, under the id of its CloudEvent.
 *
 * <p>A transaction collects its records in a {@link Batch} and writes them with {@link Batch#write()}: one
 * statement for all its outbox records (in the order they were added), whatever their number.
 */
@ApplicationScoped
public class OutboxWriter {

    private final OutboxRepository outbox;
    private final ObjectMapper api;
    private final EventLog events;

    public OutboxWriter(OutboxRepository outbox, ObjectMapper api, EventLog events) {
        this.outbox = outbox;
        this.api = api;
        this.events = events;
    }

    /** A batch of records for the current transaction; nothing is written before its {@link Batch#write()}. */
    public Batch batch() {
        return new Batch();
    }

    /** The records one transaction publishes, in the order they were added. */
    public final class Batch {

        private final List<OutboxRecord> records = new ArrayList<>();
        private final List<Event> logged = new ArrayList<>();

        private Batch() {
        }

        public Batch command(TaskCommand command, Instant now) {
            records.add(record(command.kind().topic(), command.taskId(), PipelineJson.write(command), now));
            return this;
        }

        /** The broadcast that stops cancelled tasks wherever a worker runs them (keyed by run id, as events are). */
        public Batch cancellation(TaskCancellation cancellation, Instant now) {
            records.add(record(Topics.TASK_CANCELLATIONS, cancellation.runId(), PipelineJson.write(cancellation), now));
            return this;
        }

        /** {@code task.created}, or the event that the task's (new) status calls for. */
        public Batch task(String projectId, TaskView task, boolean created, Instant now) {
            String type = created ? EventTypes.TASK_CREATED : switch (task.status()) {
                case SUCCEEDED -> EventTypes.TASK_SUCCEEDED;
                case FAILED -> EventTypes.TASK_FAILED;
                case CANCELLED -> EventTypes.TASK_CANCELLED;
                default -> EventTypes.TASK_UPDATED;
            };
            return event(type, projectId, task.runId(), task.id(), task.runId(), task.id(), task, now);
        }

        /**
         * {@code run.created}; once the run has ended {@code run.succeeded}, {@code run.failed} or
         * {@code run.cancelled}; {@code run.updated} for a change of status before that.
         */
        public Batch run(String projectId, RunView run, boolean created, Instant now) {
            String type = created ? EventTypes.RUN_CREATED : switch (run.status()) {
                case SUCCEEDED -> EventTypes.RUN_SUCCEEDED;
                case FAILED -> EventTypes.RUN_FAILED;
                case CANCELLED -> EventTypes.RUN_CANCELLED;
                default -> EventTypes.RUN_UPDATED;
            };
            return event(type, projectId, run.id(), run.id(), run.id(), null, run, now);
        }

        /** {@code run.rejected}, with the request's id as its subject (when it had one). */
        public Batch rejected(RunRejection rejection, String key, Instant now) {
            return event(EventTypes.RUN_REJECTED, rejection.projectId(), key, rejection.id(), null, null, rejection,
                    now);
        }

        /** Any other event of a project ({@code webhook_endpoint.disabled}), keyed and subjected by {@code subject}. */
        public Batch projectEvent(String type, String projectId, String subject, Object data, Instant now) {
            return event(type, projectId, subject, subject, null, null, data, now);
        }

        /** Writes the records (one statement) and logs the events (inserted when the session flushes). */
        public Uni<Void> write() {
            return records.isEmpty() ? Uni.createFrom().voidItem()
                    : outbox.insertAll(records).call(() -> events.recordAll(logged));
        }

        private Batch event(String type, String projectId, String key, String subject, String runId, String taskId,
                Object data, Instant now) {
            byte[] payload;
            try {
                payload = api.writeValueAsBytes(data);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a " + type + " event", e);
            }
            OutboxRecord record = record(Topics.TASK_EVENTS, key, payload, now);
            record.eventType = type;
            record.eventId = Ids.newId(IdKind.EVENT);
            record.eventSource = "/projects/" + (projectId == null ? "unknown" : projectId);
            record.eventSubject = subject;
            records.add(record);
            // a request for no known project (run.rejected) is on task-events only: no project can list it
            if (projectId != null) {
                logged.add(EventLog.event(record.eventId, type, projectId, runId, taskId, payload, now));
            }
            return this;
        }
    }

    private static OutboxRecord record(String topic, String key, byte[] payload, Instant now) {
        OutboxRecord record = new OutboxRecord();
        record.topic = topic;
        record.recordKey = key;
        record.payload = payload;
        record.createdAt = now;
        return record;
    }
}
