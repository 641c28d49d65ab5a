package io.spindle.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run (ittybit's run object). Its status, progress and error are derived from its tasks; {@code tasks}, in
 * tree order, is there when one run is asked for and left out of lists; {@code request_id} is there for runs
 * requested on {@code run-requests} with an id.
 */
public record RunView(
        String id,
        String object,
        TaskStatus status,
        int progress,
        Map<String, Object> metadata,
        @JsonInclude(JsonInclude.Include.NON_NULL) String requestId,
        TaskError error,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<TaskView> tasks,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt) {

    public static final String OBJECT = "run";
}
