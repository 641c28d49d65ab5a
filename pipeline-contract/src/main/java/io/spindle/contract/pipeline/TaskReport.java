package io.spindle.contract.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A worker's report of what happened to a task: published to the internal {@code task-reports} topic, keyed by
 * run id so a run's reports stay in order. The gateway applies a report only if it moves the task forward
 * ({@link TaskStatus#canMoveTo}), so duplicates and stale reports are ignored, and then announces the change on
 * the public {@code task-events} topic with the objects of the REST API.
 *
 * <p>Each delivery of a command that starts work is an attempt, numbered from 1. A worker that stops before the
 * task ends (it drains on SIGTERM) hands the task back with a {@code queued} report of its attempt; the next
 * delivery reports {@code processing} with the next number. Reports of an older attempt than the task's newest
 * are stale, except a terminal one: a task that really finished stays finished.
 *
 * @param eventId  stable across redeliveries of the same fact
 * @param attempt  which delivery of the command this report is about (1, 2, …); 0 when not known
 * @param worker   the worker instance that sent it (for operators; never shown to API users)
 * @param progress 0–100 while processing; null when unknown
 * @param outputs  the files the task produced, when it succeeded
 * @param error    why it failed, when it failed or was cancelled
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskReport(
        int schemaVersion,
        String eventId,
        String projectId,
        String runId,
        String taskId,
        TaskKind kind,
        TaskStatus status,
        int attempt,
        String worker,
        Integer progress,
        List<Artifact> outputs,
        TaskError error,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public TaskReport {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
