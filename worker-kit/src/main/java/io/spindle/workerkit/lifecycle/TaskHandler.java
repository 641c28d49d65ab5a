package io.spindle.workerkit.lifecycle;

import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskKind;
import java.util.List;
import java.util.Set;

/** The work of one kind of worker; {@link TaskLifecycle} does everything around it. */
public interface TaskHandler {

    /** The task kinds this worker does. */
    Set<TaskKind> kinds();

    /**
     * Does the task and returns what it produced. Must be idempotent: a redelivered command does the same work
     * and writes the same keys.
     *
     * @throws TaskFailure for failures with a user-facing reason
     */
    List<Artifact> run(TaskCommand command, Progress progress) throws Exception;

    /** Reports how far a task is. Cheap to call often: reports are throttled. */
    interface Progress {
        void report(int percent);
    }
}
