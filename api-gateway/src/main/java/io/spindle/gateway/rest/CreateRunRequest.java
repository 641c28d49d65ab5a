package io.spindle.gateway.rest;

import io.spindle.contract.pipeline.RunRequest.Node;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /runs}: a tree of tasks. Top-level tasks are {@code ingest}s; each task's {@code next} run in
 * parallel on its output; {@code upload}s end branches.
 */
public record CreateRunRequest(List<Node> tasks, Map<String, Object> metadata) {
}
