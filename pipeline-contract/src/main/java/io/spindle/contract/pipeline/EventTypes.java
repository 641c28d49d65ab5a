package io.spindle.contract.pipeline;

/**
 * The CloudEvents {@code type}s on the public {@code task-events} topic (binary mode: the attributes are the
 * {@code ce_*} headers, the value is the JSON object). Task events carry the task as {@code GET /tasks/{id}}
 * returns it; run events the run as {@code GET /runs/{id}} returns it, with its tasks.
 */
public final class EventTypes {

    /** Planned: one per task of a new run, with the run's {@link #RUN_CREATED}. */
    public static final String TASK_CREATED = "task.created";
    /** Queued, started, progressed, or cancelled because a task above it failed. */
    public static final String TASK_UPDATED = "task.updated";
    public static final String TASK_SUCCEEDED = "task.succeeded";
    public static final String TASK_FAILED = "task.failed";
    /** A run was planned (from {@code POST /tasks}, {@code POST /runs} or {@code run-requests}). */
    public static final String RUN_CREATED = "run.created";
    /** Every task of the run succeeded. */
    public static final String RUN_SUCCEEDED = "run.succeeded";
    /** Every task of the run has ended and one or more failed (the others' results are in the run). */
    public static final String RUN_FAILED = "run.failed";
    /** A {@code run-requests} record was not planned; the value says why. The record goes to the DLQ too. */
    public static final String RUN_REJECTED = "run.rejected";

    private EventTypes() {
    }
}
