package io.spindle.gateway.rest;

import java.util.Map;

/**
 * {@code POST /tasks}: process the file at {@code url} and, with a {@code destination}, upload the result there.
 * One {@code connection_id} serves both an {@code s3://} url and the destination; without it, the project's
 * default connection is used.
 */
public record CreateTaskRequest(
        String url,
        String kind,
        Map<String, Object> options,
        String connectionId,
        String destination) {
}
