package io.spindle.contract.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * Tasks cancelled on request, broadcast to every worker instance on {@code task-cancellations} (keyed by run id).
 * The gateway has already marked them {@code cancelled}; a worker running one of them stops it (kills its FFmpeg,
 * aborts its transfer and its multipart upload) without dispatching its children, and a worker that receives a
 * command for one of them later skips it.
 *
 * @param taskIds the tasks of the run that were cancelled (the task asked for and every unfinished one below it)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskCancellation(int schemaVersion, String projectId, String runId, List<String> taskIds,
        Instant requestedAt) {

    public static final int SCHEMA_VERSION = 1;

    public TaskCancellation {
        taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
    }
}
