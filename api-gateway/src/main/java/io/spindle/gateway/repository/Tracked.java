package io.spindle.gateway.repository;

import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskStatus;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/** What runs and tasks both have: a status, why they failed, and when things happened to them. */
@MappedSuperclass
public abstract class Tracked {

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskStatus status;

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

    /** The error, or null. */
    public TaskError error() {
        return errorKind == null ? null : new TaskError(errorKind, errorMessage);
    }

    public void error(TaskError error) {
        errorKind = error == null ? null : error.kind();
        errorMessage = error == null ? null : error.message();
    }
}
