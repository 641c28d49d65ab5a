package io.spindle.gateway.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** started_at and finished_at come from the workers' reports, kept between the task's creation and now. */
class TaskTimesTest {

    private static final Instant CREATED = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant NOW = CREATED.plusSeconds(60);

    @Test
    void theTimesAreWhenTheWorkerStartedAndFinished() {
        Task task = queued();
        task.advance(report(TaskStatus.PROCESSING, Instant.parse("2026-12-07T10:00:10.123456Z")), "[]", NOW);
        task.advance(report(TaskStatus.SUCCEEDED, Instant.parse("2026-12-07T10:00:20.5Z")), "[]", NOW);
        assertEquals(Instant.parse("2026-12-07T10:00:10.123Z"), task.startedAt, "to the millisecond, as the API shows");
        assertEquals(Instant.parse("2026-12-07T10:00:20.5Z"), task.finishedAt);
        assertEquals(NOW, task.updatedAt, "the object itself changed when the gateway applied the report");
    }

    @Test
    void aWorkerClockOffCannotPutATaskOutsideItsLife() {
        Task early = queued();
        early.advance(report(TaskStatus.PROCESSING, CREATED.minusSeconds(5)), "[]", NOW);
        assertEquals(CREATED, early.startedAt, "not before the task was created");

        Task late = queued();
        late.advance(report(TaskStatus.PROCESSING, NOW.plusSeconds(30)), "[]", NOW);
        late.advance(report(TaskStatus.FAILED, null), "[]", NOW.plusSeconds(1));
        assertEquals(NOW, late.startedAt, "not in the future");
        assertEquals(NOW.plusSeconds(1), late.finishedAt, "a report without occurred_at: when it was applied");

        Task backwards = queued();
        backwards.advance(report(TaskStatus.PROCESSING, CREATED.plusSeconds(30)), "[]", NOW);
        backwards.advance(report(TaskStatus.SUCCEEDED, CREATED.plusSeconds(20)), "[]", NOW);
        assertEquals(backwards.startedAt, backwards.finishedAt, "never finished before it started");
    }

    private static Task queued() {
        Task task = new Task();
        task.id = "task_abcdefgh12345678";
        task.kind = TaskKind.VIDEO;
        task.status = TaskStatus.QUEUED;
        task.createdAt = CREATED;
        task.updatedAt = CREATED;
        return task;
    }

    private static TaskReport report(TaskStatus status, Instant occurredAt) {
        return new TaskReport(TaskReport.SCHEMA_VERSION, "evt_0123456789abcdef", "prj_a", "run_a",
                "task_abcdefgh12345678", TaskKind.VIDEO, status, 1, "test-worker", 0, List.of(), null, occurredAt);
    }
}
