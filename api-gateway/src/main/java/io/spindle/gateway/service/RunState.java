package io.spindle.gateway.service;

import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.gateway.repository.Run;
import io.spindle.gateway.repository.Task;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A run's status, progress and error, derived from its tasks:
 * <ul>
 *   <li>{@code succeeded} when every task succeeded; once every task has ended, {@code failed} when one failed,
 *       else {@code cancelled} when one was cancelled; while any task is still going, {@code processing} once any has started, else
 *       {@code queued};</li>
 *   <li>progress: the mean over tasks, an ended task counting 100;</li>
 *   <li>error: that of the first failed task, in tree order; without one, that of the first cancelled task.</li>
 * </ul>
 */
final class RunState {

    private RunState() {
    }

    static void derive(Run run, List<Task> tasks, Instant now) {
        boolean allEnded = tasks.stream().allMatch(t -> t.status.isTerminal());
        boolean anyFailed = tasks.stream().anyMatch(t -> t.status == TaskStatus.FAILED);
        boolean anyCancelled = tasks.stream().anyMatch(t -> t.status == TaskStatus.CANCELLED);
        boolean anyStarted = tasks.stream().anyMatch(t -> t.status.rank() >= TaskStatus.PROCESSING.rank());
        TaskStatus status;
        if (allEnded) {
            status = anyFailed ? TaskStatus.FAILED : anyCancelled ? TaskStatus.CANCELLED : TaskStatus.SUCCEEDED;
        } else {
            status = anyStarted ? TaskStatus.PROCESSING : TaskStatus.QUEUED;
        }
        int progress = tasks.isEmpty() ? 0 : (int) Math.round(tasks.stream()
                .mapToInt(t -> t.status.isTerminal() ? 100 : t.progress == null ? 0 : t.progress)
                .average().orElse(0));
        TaskStatus why = anyFailed ? TaskStatus.FAILED : TaskStatus.CANCELLED;
        TaskError error = tasks.stream().filter(t -> t.status == why).map(Task::error)
                .filter(Objects::nonNull).findFirst().orElse(null);

        run.status = status;
        run.progress = status == TaskStatus.SUCCEEDED ? 100 : progress;
        run.error(error);
        if (anyStarted && run.startedAt == null) {
            run.startedAt = now;
        }
        if (allEnded && run.finishedAt == null) {
            run.finishedAt = now;
        }
        run.updatedAt = now;
    }
}
