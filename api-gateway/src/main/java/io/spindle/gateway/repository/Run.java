package io.spindle.gateway.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A run: a tree of tasks. Its status and progress are derived from its tasks by the projection. */
@Entity
@Table(name = "runs")
public class Run extends Tracked {

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(nullable = false)
    public int progress;

    @Column(name = "primary_task_id")
    public String primaryTaskId;

    /** The client's metadata, as JSON; null when none was given. */
    public String metadata;

    /** The run request's id or the Idempotency-Key it was made with (unique per project); null otherwise. */
    @Column(name = "request_id")
    public String requestId;

    /** The Idempotency-Key of the cancel call that cancelled it, if it had one. */
    @Column(name = "cancel_request_id")
    public String cancelRequestId;
}
