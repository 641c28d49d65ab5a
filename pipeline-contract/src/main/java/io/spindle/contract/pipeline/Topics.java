package io.spindle.contract.pipeline;

import java.util.List;

/**
 * Spindle's Kafka topics. Worker topics are keyed by task id; {@code task-reports}, {@code task-events} and
 * {@code run-requests} by run id (or the request's id), so that one run's records stay in order.
 */
public final class Topics {

    public static final String INGEST_TASKS = "ingest-tasks";
    public static final String TRANSCODE_TASKS = "transcode-tasks";
    public static final String UPLOAD_TASKS = "upload-tasks";
    /** Internal: workers report what happened to a task ({@link TaskReport}); only the gateway reads it. */
    public static final String TASK_REPORTS = "task-reports";
    /** Public: CloudEvents about tasks and runs, carrying the objects the REST API returns. */
    public static final String TASK_EVENTS = "task-events";
    /** Public: runs requested by other systems ({@link RunRequest}). */
    public static final String RUN_REQUESTS = "run-requests";
    /**
     * Internal broadcast: tasks cancelled on request ({@link TaskCancellation}), keyed by run id. Every worker
     * instance reads all of it (a consumer group of its own, from the earliest record retained), so a running task
     * is stopped wherever it runs and a command that arrives later is skipped.
     */
    public static final String TASK_CANCELLATIONS = "task-cancellations";

    /** Partitions of every topic: the ceiling on consumer parallelism per group. */
    public static final int PARTITIONS = 12;

    public static final List<String> ALL = List.of(INGEST_TASKS, TRANSCODE_TASKS, UPLOAD_TASKS, TASK_REPORTS,
            TASK_EVENTS, RUN_REQUESTS, TASK_CANCELLATIONS);

    private Topics() {
    }

    /**
     * The topics Spindle consumes with a dead-letter topic for the records their consumer can never handle
     * ({@code task-events}: the gateway's webhook delivery). {@code task-cancellations} is read by every worker
     * instance, which logs and skips a record it cannot read.
     */
    public static final List<String> CONSUMED = List.of(INGEST_TASKS, TRANSCODE_TASKS, UPLOAD_TASKS, TASK_REPORTS,
            RUN_REQUESTS, TASK_EVENTS);

    /** Where SmallRye's dead-letter strategy puts the records a consumer of {@code topic} could not handle. */
    public static String deadLetter(String topic) {
        return topic + "-dlq";
    }

    /** Every topic and its dead-letter topic. */
    public static List<String> allWithDeadLetters() {
        return ALL.stream().flatMap(t -> java.util.stream.Stream.of(t, deadLetter(t))).toList();
    }
}
