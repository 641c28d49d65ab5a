package io.spindle.contract.pipeline;

import java.util.List;

/** Spindle's Kafka topics. Worker topics are keyed by task id, {@code task-events} by run id. */
public final class Topics {

    public static final String INGEST_TASKS = "ingest-tasks";
    public static final String TRANSCODE_TASKS = "transcode-tasks";
    public static final String UPLOAD_TASKS = "upload-tasks";
    public static final String TASK_EVENTS = "task-events";
    public static final String RUN_REQUESTS = "run-requests";

    /** Partitions of every topic: the ceiling on consumer parallelism per group. */
    public static final int PARTITIONS = 12;

    public static final List<String> ALL = List.of(INGEST_TASKS, TRANSCODE_TASKS, UPLOAD_TASKS, TASK_EVENTS,
            RUN_REQUESTS);

    private Topics() {
    }

    /** Where SmallRye's dead-letter strategy puts the records a consumer of {@code topic} could not handle. */
    public static String deadLetter(String topic) {
        return topic + "-dlq";
    }

    /** Every topic and its dead-letter topic. */
    public static List<String> allWithDeadLetters() {
        return ALL.stream().flatMap(t -> java.util.stream.Stream.of(t, deadLetter(t))).toList();
    }
}
