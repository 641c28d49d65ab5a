package io.spindle.contract.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * "Plan this run": the body of {@code POST /runs} plus the project it is for, published to {@code run-requests}
 * by another system. The gateway plans it exactly as {@code POST /runs}.
 *
 * @param id        optional, chosen by the producer: a second request with the same id (in the same project)
 *                  plans nothing; it makes retries of the producer safe
 * @param projectId the project the run belongs to ({@code prj_…})
 * @param tasks     the roots of the tree: {@code ingest} tasks, each with its {@code next}
 * @param metadata  free-form, returned on the run
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunRequest(
        Integer schemaVersion,
        String id,
        String projectId,
        List<Node> tasks,
        Map<String, Object> metadata) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * One node of a requested tree, as the client wrote it: the kind is a string so that an unknown one is
     * reported with its path rather than as an unreadable record.
     */
    public record Node(String kind, Map<String, Object> options, List<Node> next) {
    }
}
