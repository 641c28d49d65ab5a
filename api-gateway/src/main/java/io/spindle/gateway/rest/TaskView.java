package io.spindle.gateway.rest;

import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A task as the API shows it (ittybit's task object), plus {@code attempts}: how many deliveries of the task
 * started work (more than 1 after a worker handed it back on shutdown or died while working on it).
 */
public record TaskView(
        String id,
        String object,
        TaskKind kind,
        TaskStatus status,
        Integer progress,
        int attempts,
        Map<String, Object> options,
        String runId,
        String parentId,
        List<Artifact> inputs,
        List<Artifact> outputs,
        TaskError error,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt) {

    public static final String OBJECT = "task";
}
