package io.spindle.contract.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * "Do this task": published to the topic of the task's kind, keyed by task id. It carries its own {@code next}
 * subtree: the worker that finishes it publishes one command per child, with its output as the child's input
 * (choreography: no central orchestrator). Never carries credentials, only connection ids.
 *
 * <p>A command says nothing of how often it was tried: Kafka may deliver it again after a worker died, so the
 * workers count deliveries themselves, in the task's attempt ledger in work storage.
 *
 * @param input the file to work on; null for an ingest, which names its source in {@code options}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskCommand(
        int schemaVersion,
        String projectId,
        String runId,
        String taskId,
        String parentId,
        TaskKind kind,
        Map<String, Object> options,
        Artifact input,
        List<PlannedTask> next,
        Instant issuedAt) {

    public static final int SCHEMA_VERSION = 1;

    public TaskCommand {
        options = options == null ? Map.of() : Map.copyOf(options);
        next = next == null ? List.of() : List.copyOf(next);
    }

    /** The command for a child node of this task, taking {@code output} as its input. */
    public TaskCommand child(PlannedTask node, Artifact output, Instant now) {
        return new TaskCommand(SCHEMA_VERSION, projectId, runId, node.taskId(), taskId, node.kind(), node.options(),
                output, node.next(), now);
    }
}
