package io.spindle.contract.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineJsonTest {

    static final Instant T = Instant.parse("2026-11-26T08:00:00.123Z");

    @Test
    void aCommandRoundTripsInSnakeCase() {
        PlannedTask upload = new PlannedTask("task_upload0000000001", TaskKind.UPLOAD,
                Map.of("connection_id", "con_aaaaaaaaaaaaaaaa", "bucket", "b", "key", "out.mp4"), List.of());
        TaskCommand command = new TaskCommand(TaskCommand.SCHEMA_VERSION, "prj_aaaaaaaaaaaaaaaa", "run_aaaaaaaaaaaaaaaa",
                "task_video0000000001", "task_ingest000000001", TaskKind.VIDEO, Map.of("width", 1280, "format", "mp4"),
                new Artifact("s3://work/prj/run/task/input.mp4", null, "input.mp4", "video/mp4", 1234L, null,
                        new MediaInfo("mov,mp4", 10.0, 1920, 1080, 30.0, "h264", "aac", 2, 48000, 5_000_000L, 1234L)),
                List.of(upload), T);

        String json = new String(PipelineJson.write(command), StandardCharsets.UTF_8);
        assertThat(json).contains("\"schema_version\":1", "\"project_id\":\"prj_aaaaaaaaaaaaaaaa\"",
                "\"kind\":\"video\"", "\"video_codec\":\"h264\"", "\"issued_at\":\"2026-11-26T08:00:00.123Z\"",
                "\"task_id\":\"task_upload0000000001\"");
        assertThat(json).doesNotContain("null").doesNotContain("projectId");
        assertThat(PipelineJson.read(json.getBytes(StandardCharsets.UTF_8), TaskCommand.class)).isEqualTo(command);
    }

    @Test
    void aChildCommandTakesTheParentsOutputAsInput() {
        PlannedTask child = new PlannedTask("task_upload0000000001", TaskKind.UPLOAD, Map.of("key", "k"), List.of());
        TaskCommand parent = new TaskCommand(1, "prj_a", "run_a", "task_v", null, TaskKind.VIDEO, Map.of(), null,
                List.of(child), T);
        Artifact out = new Artifact("s3://work/x.mp4", null, "x.mp4", "video/mp4", 10L, null, null);
        TaskCommand next = parent.child(child, out, T);
        assertThat(next.taskId()).isEqualTo("task_upload0000000001");
        assertThat(next.parentId()).isEqualTo("task_v");
        assertThat(next.runId()).isEqualTo("run_a");
        assertThat(next.input()).isEqualTo(out);
        assertThat(next.kind().topic()).isEqualTo(Topics.UPLOAD_TASKS);
    }

    @Test
    void unknownFieldsAreToleratedAndUnknownKindsReadAsNull() {
        String json = "{\"schema_version\":1,\"task_id\":\"t\",\"kind\":\"hologram\",\"status\":\"queued\","
                + "\"added_later\":true}";
        TaskReport event = PipelineJson.read(json.getBytes(StandardCharsets.UTF_8), TaskReport.class);
        assertThat(event.kind()).isNull();
        assertThat(event.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(event.outputs()).isEmpty();
    }

    @Test
    void poisonRecordsAreReportedWithWhatWasWrong() {
        assertThatThrownBy(() -> PipelineJson.read("{not json".getBytes(StandardCharsets.UTF_8), TaskReport.class))
                .isInstanceOf(PipelineJson.MalformedRecordException.class)
                .hasMessageContaining("not a TaskReport").hasMessageContaining("{not json");
        assertThatThrownBy(() -> PipelineJson.read(new byte[0], TaskCommand.class))
                .hasMessageContaining("no value");
    }

    @Test
    void statusesOnlyMoveForward() {
        assertThat(TaskStatus.QUEUED.canMoveTo(TaskStatus.PROCESSING)).isTrue();
        assertThat(TaskStatus.PROCESSING.canMoveTo(TaskStatus.PROCESSING)).isTrue(); // progress updates
        assertThat(TaskStatus.PROCESSING.canMoveTo(TaskStatus.QUEUED)).isFalse();
        assertThat(TaskStatus.SUCCEEDED.canMoveTo(TaskStatus.FAILED)).isFalse();
        assertThat(TaskStatus.FAILED.canMoveTo(TaskStatus.FAILED)).isFalse();
        assertThat(Topics.allWithDeadLetters()).contains("ingest-tasks", "ingest-tasks-dlq", "task-reports-dlq",
                "task-events", "run-requests", "run-requests-dlq", "task-cancellations").hasSize(14);
    }
}
