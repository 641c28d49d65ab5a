package io.spindle.gateway.repository;

import io.spindle.contract.pipeline.TaskStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A run: a tree of tasks. Its status and progress are derived from its tasks by the projection. */
@Entity
@Table(name = "runs")
public class Run {

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskStatus status;

    @Column(nullable = false)
    public int progress;

    @Column(name = "primary_task_id")
    public String primaryTaskId;

    /** The client's metadata, as JSON; null when none was given. */
    public String metadata;

    /** The id a run-requests producer chose, which makes its request idempotent; null otherwise. */
    @Column(name = "request_id")
    public String requestId;

    @Column(name = "error_kind")
    public String errorKind;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
