package io.spindle.gateway.rest;

import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskStatus;
import java.time.Instant;
import java.util.List;

/** A run with its tasks, in tree order. */
public record RunView(
        String id,
        String object,
        TaskStatus status,
        int progress,
        TaskError error,
        List<TaskView> tasks,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt) {

    public static final String OBJECT = "run";
}
