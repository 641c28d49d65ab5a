package io.spindle.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.UploadObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.MediaInfo;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.PlannedTask;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import io.spindle.workerkit.media.Ffmpeg;
import io.spindle.workerkit.media.MediaProbe;
import io.spindle.workerkit.media.Subprocess;
import io.spindle.workerkit.testing.PipelineProbe;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Transcode commands in, real FFmpeg, outputs in the real work bucket, events and children out. */
@QuarkusTest
@RealInfrastructure
class TranscodeWorkerTest {

    static final String PROJECT = "prj_transcodetest001";
    static final String RUN = Ids.newId(IdKind.RUN);

    static PipelineProbe pipeline;
    static MinioClient s3;
    static Artifact clip;
    static Artifact text;

    @BeforeAll
    static void start() throws Exception {
        pipeline = new PipelineProbe(config("kafka.bootstrap.servers"), Topics.TASK_REPORTS, Topics.UPLOAD_TASKS);
        s3 = MinioClient.builder().endpoint(config("spindle.test.s3.endpoint"))
                .credentials(config("spindle.test.s3.access-key"), config("spindle.test.s3.secret-key"))
                .region("us-east-1").build();

        Path local = Files.createTempDirectory("transcode-test").resolve("clip.mp4");
        Subprocess.Result made = Subprocess.run(Ffmpeg.ffmpeg(), List.of("-y", "-v", "error", "-f", "lavfi", "-i",
                "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "12", "-c:v",
                "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                local.toString()), Duration.ofMinutes(2), 1024);
        assertThat(made.exitCode()).as(made.stderrTail()).isZero();
        MediaInfo media = new MediaProbe(Duration.ofSeconds(30)).probe(local.toString());
        String key = PROJECT + "/" + RUN + "/task_ingest0000000001/clip.mp4";
        s3.uploadObject(UploadObjectArgs.builder().bucket("spindle-work").object(key).filename(local.toString())
                .contentType("video/mp4").build());
        clip = new Artifact("s3://spindle-work/" + key, null, "clip.mp4", "video/mp4", Files.size(local), null, media);

        byte[] words = "not a video at all\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        String textKey = PROJECT + "/" + RUN + "/task_ingest0000000002/notes.mp4";
        s3.putObject(PutObjectArgs.builder().bucket("spindle-work").object(textKey)
                .stream(new ByteArrayInputStream(words), (long) words.length, -1L).build());
        text = new Artifact("s3://spindle-work/" + textKey, null, "notes.mp4", "video/mp4", (long) words.length,
                null, null);
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    static TaskCommand command(TaskKind kind, Map<String, Object> options, Artifact input, List<PlannedTask> next) {
        return new TaskCommand(TaskCommand.SCHEMA_VERSION, PROJECT, RUN, Ids.newId(IdKind.TASK), "task_ingest0000000001",
                kind, options, input, next, Instant.now());
    }

    @Test
    void aVideoIsTranscodedWithRisingProgressAndHandedToItsUpload() {
        PlannedTask upload = new PlannedTask(Ids.newId(IdKind.TASK), TaskKind.UPLOAD,
                Map.of("connection_id", "con_aaaaaaaaaaaaaaaa", "bucket", "dest", "key", "out.mp4"), List.of());
        TaskCommand command = command(TaskKind.VIDEO, Map.of("width", 640, "format", "mp4"), clip, List.of(upload));
        pipeline.send(command);

        TaskReport done = pipeline.awaitTerminal(command, Duration.ofMinutes(2));
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(TaskStatus.SUCCEEDED);
        Artifact out = done.outputs().get(0);
        assertThat(out.url()).isEqualTo("s3://spindle-work/" + PROJECT + "/" + RUN + "/" + command.taskId()
                + "/output.mp4");
        assertThat(out.contentType()).isEqualTo("video/mp4");
        assertThat(out.media().width()).isEqualTo(640);
        assertThat(out.media().height()).isEqualTo(360);
        assertThat(out.media().videoCodec()).isEqualTo("h264");
        assertThat(out.media().audioCodec()).isEqualTo("aac");
        assertThat(out.media().duration()).isCloseTo(clip.media().duration(), within(0.1));

        List<Integer> progress = pipeline.reports(command).stream()
                .filter(e -> e.status() == TaskStatus.PROCESSING && e.progress() != null)
                .map(TaskReport::progress).distinct().toList();
        assertThat(progress).as("progress values before 100").hasSizeGreaterThanOrEqualTo(3).isSorted()
                .allMatch(p -> p < 100);

        TaskCommand next = PipelineJson.read(pipeline.awaitRecord(Topics.UPLOAD_TASKS, upload.taskId(),
                Duration.ofSeconds(30)).value(), TaskCommand.class);
        assertThat(next.input()).isEqualTo(out);
        assertThat(next.parentId()).isEqualTo(command.taskId());
    }

    @Test
    void aTranscodeAsLongAsItsTimeoutCannotKillTheConsumer() {
        // the throttled commit strategy fails the channel when a record stays unprocessed longer than this
        long maxAgeMs = ConfigProvider.getConfig().getValue(
                "mp.messaging.incoming.transcode-tasks.throttled.unprocessed-record-max-age.ms", Long.class);
        Duration timeout = ConfigProvider.getConfig().getValue("spindle.transcode.timeout", Duration.class);
        assertThat(Duration.ofMillis(maxAgeMs)).isGreaterThan(timeout.plusMinutes(10));
        assertThat(ConfigProvider.getConfig().getValue("mp.messaging.incoming.transcode-tasks.max.poll.records",
                Integer.class)).isEqualTo(1);
        assertThat(ConfigProvider.getConfig().getValue("mp.messaging.incoming.transcode-tasks.failure-strategy",
                String.class)).isEqualTo("dead-letter-queue");
    }

    @Test
    void anImageIsTakenAtTheChosenTime() {
        TaskCommand command = command(TaskKind.IMAGE, Map.of("format", "jpeg", "start", 5, "width", 320), clip,
                List.of());
        pipeline.send(command);
        TaskReport done = pipeline.awaitTerminal(command, Duration.ofMinutes(1));
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(done.outputs().get(0).contentType()).isEqualTo("image/jpeg");
        assertThat(done.outputs().get(0).media().width()).isEqualTo(320);
    }

    @Test
    void failuresSayWhatWentWrong() {
        TaskCommand notMedia = command(TaskKind.VIDEO, Map.of(), text, List.of());
        pipeline.send(notMedia);
        TaskReport failed = pipeline.awaitTerminal(notMedia, Duration.ofMinutes(1));
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error().kind()).as(failed.error().message()).isEqualTo("invalid_media");

        TaskCommand badOptions = command(TaskKind.VIDEO, Map.of("format", "webm", "codec", "h264"), clip, List.of());
        pipeline.send(badOptions);
        TaskReport invalid = pipeline.awaitTerminal(badOptions, Duration.ofMinutes(1));
        assertThat(invalid.error().kind()).isEqualTo("invalid_options");
        assertThat(invalid.error().message()).contains("options.codec");

        TaskCommand tooLate = command(TaskKind.IMAGE, Map.of("start", 60), clip, List.of());
        pipeline.send(tooLate);
        assertThat(pipeline.awaitTerminal(tooLate, Duration.ofMinutes(1)).error().kind()).isEqualTo("invalid_options");
    }
}
