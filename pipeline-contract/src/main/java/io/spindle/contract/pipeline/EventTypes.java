package io.spindle.contract.pipeline;

import java.util.List;

/**
 * The CloudEvents {@code type}s on the public {@code task-events} topic (binary mode: the attributes are the
 * {@code ce_*} headers, the value is the JSON object). Task events carry the task as {@code GET /tasks/{id}}
 * returns it; run events the run as {@code GET /runs/{id}} returns it, with its tasks.
 */
public final class EventTypes {

    /** Planned: one per task of a new run, with the run's {@link #RUN_CREATED}. */
    public static final String TASK_CREATED = "task.created";
    /** Queued, started, progressed, or handed back by a worker that stopped. */
    public static final String TASK_UPDATED = "task.updated";
    public static final String TASK_SUCCEEDED = "task.succeeded";
    public static final String TASK_FAILED = "task.failed";
    /** Cancelled on request ({@code POST /tasks/{id}/cancel}, {@code POST /runs/{id}/cancel}) or because a task above
     * it failed or was cancelled. */
    public static final String TASK_CANCELLED = "task.cancelled";
    /** A run was planned (from {@code POST /tasks}, {@code POST /runs} or {@code run-requests}). */
    public static final String RUN_CREATED = "run.created";
    /** The run's status changed and it has not ended ({@code queued → processing}). */
    public static final String RUN_UPDATED = "run.updated";
    /** Every task of the run succeeded. */
    public static final String RUN_SUCCEEDED = "run.succeeded";
    /** Every task of the run has ended and one or more failed (the others' results are in the run). */
    public static final String RUN_FAILED = "run.failed";
    /** Every task of the run has ended, none failed, and one or more were cancelled. */
    public static final String RUN_CANCELLED = "run.cancelled";
    /** A {@code run-requests} record was not planned; the value says why. The record goes to the DLQ too. */
    public static final String RUN_REJECTED = "run.rejected";

    /** A webhook endpoint was disabled after failing for the configured time; the value is the endpoint. */
    public static final String WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint.disabled";

    /** The types a webhook endpoint can subscribe to (its {@code topics}; {@code *} is all of them). */
    public static final List<String> WEBHOOK_TOPICS = List.of(TASK_CREATED, TASK_UPDATED, TASK_SUCCEEDED,
            TASK_FAILED, TASK_CANCELLED, RUN_CREATED, RUN_UPDATED, RUN_SUCCEEDED, RUN_FAILED, RUN_CANCELLED);

    /** Every type on {@code task-events} (and in {@code GET /events}). */
    public static final List<String> ALL = List.of(TASK_CREATED, TASK_UPDATED, TASK_SUCCEEDED, TASK_FAILED,
            TASK_CANCELLED, RUN_CREATED, RUN_UPDATED, RUN_SUCCEEDED, RUN_FAILED, RUN_CANCELLED, RUN_REJECTED,
            WEBHOOK_ENDPOINT_DISABLED);

    private EventTypes() {
    }
}
