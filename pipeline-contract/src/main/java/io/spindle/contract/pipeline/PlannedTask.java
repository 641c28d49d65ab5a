package io.spindle.contract.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** A node of a run's tree, its task id already assigned by the planner, connections already resolved. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlannedTask(String taskId, TaskKind kind, Map<String, Object> options, List<PlannedTask> next) {

    public PlannedTask {
        options = options == null ? Map.of() : Map.copyOf(options);
        next = next == null ? List.of() : List.copyOf(next);
    }
}
