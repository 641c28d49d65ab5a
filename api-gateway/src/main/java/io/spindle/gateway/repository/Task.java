package io.spindle.gateway.repository;

import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.hibernate.annotations.DynamicUpdate;

/** One node of a run, as the projection of task-reports knows it. */
@Entity
@Table(name = "tasks")
@DynamicUpdate
public class Task extends Tracked {

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(name = "run_id", nullable = false)
    public String runId;

    @Column(name = "parent_id")
    public String parentId;

    /** Order within the run (depth-first), for stable listings. */
    @Column(nullable = false)
    public int position;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskKind kind;

    public Integer progress;

    /** Deliveries of the task's command that started work, as the workers reported them. */
    @Column(nullable = false)
    public int attempts;

    /** JSON object. */
    @Column(nullable = false)
    public String options;

    /** JSON array of artifacts. */
    @Column(nullable = false)
    public String inputs;

    /** JSON array of artifacts. */
    @Column(nullable = false)
    public String outputs;

    /** The Idempotency-Key of the cancel call that cancelled it, if it had one. */
    @Column(name = "cancel_request_id")
    public String cancelRequestId;

    /** Ends the task as {@code cancelled}, saying why. */
    public void cancel(TaskError why, Instant now) {
        status = TaskStatus.CANCELLED;
        error(why);
        finishedAt = now;
        updatedAt = now;
    }

    /**
     * Applies a worker's report if it moves the task forward, and says whether it did. Idempotent: a duplicate,
     * or a report overtaken by a later one, changes nothing.
     * <ul>
     *   <li>A finished task stays finished. A terminal report is applied whatever its attempt: the work it
     *       reports was really done (outputs have deterministic keys).</li>
     *   <li>A report of an older attempt than the newest one seen is stale.</li>
     *   <li>A newer attempt starts over: {@code processing} from its own progress.</li>
     *   <li>{@code queued} for the current attempt is a hand-back (the worker stopped before the task ended);
     *       the next delivery reports the next attempt.</li>
     *   <li>Within an attempt, progress only rises.</li>
     * </ul>
     * Attempt 0 is a report about no attempt: a command refused before any work started (terminal), or a
     * report from a worker older than attempts (taken as the current attempt).
     *
     * @param outputsJson the report's outputs as JSON, kept when the task succeeded
     */
    public boolean advance(TaskReport report, String outputsJson, Instant now) {
        if (!accepts(report)) {
            return false;
        }
        TaskStatus next = report.status();
        int attempt = attemptOf(report);
        if (attempt > attempts || next == TaskStatus.QUEUED) {
            progress = 0;
        }
        attempts = Math.max(attempts, attempt);
        status = next;
        updatedAt = now;
        if (report.progress() != null) {
            progress = Math.max(0, Math.min(100, report.progress()));
        }
        Instant at = happenedAt(report, now);
        if (next.rank() >= TaskStatus.PROCESSING.rank() && startedAt == null) {
            startedAt = at;
        }
        if (next.isTerminal()) {
            finishedAt = startedAt != null && at.isBefore(startedAt) ? startedAt : at;
        }
        if (next == TaskStatus.SUCCEEDED) {
            progress = 100;
            outputs = outputsJson;
        }
        if (report.error() != null) {
            error(report.error());
        }
        return true;
    }

    /**
     * When the report's fact happened: the worker's {@code occurred_at}, so {@code started_at} and
     * {@code finished_at} say when the work started and ended, not when the gateway got round to the report (a
     * backlog of reports would shift them). Kept between the task's creation and {@code now}, so a worker whose clock
     * is off cannot put a task's start before its creation or its end in the future.
     */
    private Instant happenedAt(TaskReport report, Instant now) {
        Instant at = report.occurredAt();
        if (at == null || at.isAfter(now)) {
            return now;
        }
        return createdAt != null && at.isBefore(createdAt) ? createdAt : at.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Whether {@link #advance} would apply the report; changes nothing. */
    public boolean accepts(TaskReport report) {
        TaskStatus next = report.status();
        if (next == null || status.isTerminal()) {
            return false;
        }
        return next.isTerminal() || movesWithin(next, attemptOf(report), report.progress());
    }

    private int attemptOf(TaskReport report) {
        if (report.attempt() > 0) {
            return report.attempt();
        }
        return report.status().isTerminal() ? attempts : Math.max(attempts, 1);
    }

    private boolean movesWithin(TaskStatus next, int attempt, Integer reported) {
        if (attempt != attempts) {
            return attempt > attempts; // a newer attempt starts over; an older one is stale
        }
        if (next == TaskStatus.QUEUED) {
            return status == TaskStatus.PROCESSING; // handed back
        }
        return next == TaskStatus.PROCESSING && status == TaskStatus.PROCESSING && reported != null
                && (progress == null || reported > progress);
    }
}
