package io.spindle.workerkit.lifecycle;

/** The delivery was given up while waiting (for Kafka, for storage, for another instance's claim). */
final class Stopped extends RuntimeException {

    Stopped(String taskId) {
        super("task " + taskId + ": stopped waiting: the worker is shutting down", null, false, false);
    }
}
