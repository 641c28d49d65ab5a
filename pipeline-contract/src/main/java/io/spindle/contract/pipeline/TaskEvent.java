package io.spindle.contract.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * "This happened to a task": published to {@code task-events}, keyed by run id so a run's events stay in order.
 * Consumers apply an event only if it moves the task forward ({@link TaskStatus#canMoveTo}); duplicates and
 * stale events are ignored.
 *
 * @param eventId  stable across redeliveries of the same fact
 * @param progress 0–100 while processing; null when unknown
 * @param outputs  the files the task produced, when it succeeded
 * @param error    why it failed, when it failed or was cancelled
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskEvent(
        int schemaVersion,
        String eventId,
        String projectId,
        String runId,
        String taskId,
        TaskKind kind,
        TaskStatus status,
        Integer progress,
        List<Artifact> outputs,
        TaskError error,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public TaskEvent {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
