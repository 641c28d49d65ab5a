package io.spindle.workerkit.lifecycle;

import io.spindle.contract.pipeline.TaskCommand;

/**
 * A CDI event: the handler's work on a delivery of {@code command} is over (it succeeded, failed for good, or
 * was stopped for a hand-back). What was held for the task's tries (credentials, an unfinished upload) is let go.
 */
public record TaskEnded(TaskCommand command) {
}
