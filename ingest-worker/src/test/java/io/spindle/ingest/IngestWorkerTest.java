package io.spindle.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCancellation;
import io.spindle.contract.pipeline.PlannedTask;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import io.spindle.workerkit.media.Ffmpeg;
import io.spindle.workerkit.media.Subprocess;
import io.spindle.outbound.testing.LoopbackListener;
import io.spindle.workerkit.testing.PipelineProbe;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ingest commands in, events and child commands out, files in the real work bucket. */
@QuarkusTest
@RealInfrastructure
class IngestWorkerTest {

    static final String PROJECT = "prj_ingesttest000001";

    static HttpServer server;
    static String base;
    /** Where the playlists below point: it must never see a connection. */
    static LoopbackListener listener;
    static PipelineProbe pipeline;
    static volatile long slowAbortedAt;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("ingest-test");
        Path clip = dir.resolve("clip.mp4");
        Subprocess.Result made = Subprocess.run(Ffmpeg.ffmpeg(), List.of("-y", "-v", "error", "-f", "lavfi", "-i",
                "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "2", "-c:v",
                "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                clip.toString()), Duration.ofSeconds(60), 1024);
        assertThat(made.exitCode()).as(made.stderrTail()).isZero();
        byte[] clipBytes = Files.readAllBytes(clip);

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/media/clip.mp4", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, clipBytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(clipBytes);
            }
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/media/clip.mp4");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/notes.txt", exchange -> {
            byte[] text = "meeting notes\n".repeat(100).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, text.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(text);
            }
        });
        server.createContext("/slow.mp4", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "video/mp4");
            // 32 KiB every 100 ms for 15 s: under the test profile's 5 MiB limit, so only a cancellation stops it
            exchange.sendResponseHeaders(200, 32L * 1024 * 150);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[32 * 1024];
                for (int i = 0; i < 150; i++) {
                    out.write(chunk);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (java.io.IOException e) {
                slowAbortedAt = System.nanoTime(); // the worker hung up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        listener = new LoopbackListener();
        String elsewhere = listener.url();
        serveText("/playlist.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + elsewhere
                + "/segment.ts\n#EXT-X-ENDLIST\n");
        serveText("/list.ffconcat", "ffconcat version 1.0\nfile '" + elsewhere + "/other.mp4'\n");
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: the size is only known by reading
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 200; i++) { // 12.5 MiB, over the 5 MiB test limit
                    out.write(chunk);
                }
            } catch (java.io.IOException e) {
                // the worker hung up, as it should
            }
        });
        server.createContext("/flaky", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();

        pipeline = new PipelineProbe(bootstrap(), Topics.TASK_REPORTS, Topics.TRANSCODE_TASKS,
                Topics.deadLetter(Topics.INGEST_TASKS));
    }

    @AfterAll
    static void stop() throws Exception {
        pipeline.close();
        server.stop(0);
        listener.close();
    }

    private static void serveText(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    @Test
    void anHttpInputIsStoredProbedAndHandedToTheNextTask() throws Exception {
        PlannedTask video = new PlannedTask(Ids.newId(IdKind.TASK), TaskKind.VIDEO, Map.of("width", 320), List.of());
        TaskCommand command = ingest(Map.of("url", base + "/media/clip.mp4"), List.of(video));
        send(command);

        TaskReport done = awaitTerminal(command);
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(pipeline.reports(command).get(0).status()).isEqualTo(TaskStatus.PROCESSING);
        Artifact out = done.outputs().get(0);
        S3Url location = S3Url.parse(out.url());
        assertThat(location.bucket()).isEqualTo("spindle-work");
        assertThat(location.key()).isEqualTo(PROJECT + "/" + command.runId() + "/" + command.taskId() + "/clip.mp4");
        assertThat(out.contentType()).isEqualTo("video/mp4");
        assertThat(out.media().width()).isEqualTo(640);
        assertThat(out.media().height()).isEqualTo(360);
        assertThat(out.media().videoCodec()).isEqualTo("h264");
        assertThat(out.media().audioCodec()).isEqualTo("aac");
        assertThat(out.media().duration()).isBetween(1.9, 2.1);

        MinioClient s3 = MinioClient.builder().endpoint(config("spindle.test.s3.endpoint"))
                .credentials(config("spindle.test.s3.access-key"), config("spindle.test.s3.secret-key"))
                .region("us-east-1").build();
        assertThat(s3.statObject(StatObjectArgs.builder().bucket(location.bucket()).object(location.key()).build())
                .size()).isEqualTo(out.size()).isPositive();

        ConsumerRecord<String, byte[]> child = pipeline.awaitRecord(Topics.TRANSCODE_TASKS, video.taskId(),
                Duration.ofSeconds(30));
        TaskCommand next = PipelineJson.read(child.value(), TaskCommand.class);
        assertThat(next.kind()).isEqualTo(TaskKind.VIDEO);
        assertThat(next.parentId()).isEqualTo(command.taskId());
        assertThat(next.input()).isEqualTo(out);
        assertThat(next.options()).containsEntry("width", 320);
    }

    @Test
    void redirectsAreFollowed() {
        TaskCommand command = ingest(Map.of("url", base + "/redirect"), List.of());
        send(command);
        assertThat(awaitTerminal(command).status()).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void failuresSayWhatWentWrong() {
        assertFails(Map.of("url", base + "/missing.mp4"), "input_not_found", "404");
        assertFails(Map.of("url", base + "/notes.txt"), "invalid_media", "not a media file");
        assertFails(Map.of("url", base + "/big"), "input_too_large", "5242880");
        assertFails(Map.of("url", base + "/flaky"), "input_unavailable", "gave up after trying for 1 s");
        assertFails(Map.of("url", 42), "invalid_options", "options.url");
        assertFails(Map.of("connection_id", "con_0000000000000000", "bucket", "b", "key", "k.mp4"),
                "connection_service_unavailable", "gave up");
    }

    @Test
    void playlistsAndConcatListsAreRefusedAndOpenNothingTheyList() {
        assertFails(Map.of("url", base + "/playlist.m3u8"), "invalid_media", "playlist or a list of other files");
        assertFails(Map.of("url", base + "/list.ffconcat"), "invalid_media", "playlist or a list of other files");
        assertThat(listener.connections()).as("connections to the address the lists name").isZero();
    }

    @Test
    void aCommandForAnotherKindFailsItsTask() {
        TaskCommand wrong = new TaskCommand(TaskCommand.SCHEMA_VERSION, PROJECT, Ids.newId(IdKind.RUN),
                Ids.newId(IdKind.TASK), null, TaskKind.VIDEO, Map.of(), null, List.of(), Instant.now());
        send(Topics.INGEST_TASKS, wrong); // a video command on the ingest topic
        TaskReport failed = awaitTerminal(wrong);
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error().kind()).isEqualTo("invalid_command");
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheWorkerGoesOn() {
        String key = "poison-" + Ids.randomToken(6);
        pipeline.send(Topics.INGEST_TASKS, key, "not a command".getBytes(StandardCharsets.UTF_8));
        pipeline.awaitRecord(Topics.deadLetter(Topics.INGEST_TASKS), key, Duration.ofSeconds(30));
        TaskCommand after = ingest(Map.of("url", base + "/media/clip.mp4"), List.of());
        send(after);
        assertThat(awaitTerminal(after).status()).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void aCancelledTaskStopsItsTransferWithinFiveSecondsAndALaterCommandForItIsSkipped() {
        PlannedTask video = new PlannedTask(Ids.newId(IdKind.TASK), TaskKind.VIDEO, Map.of("width", 320), List.of());
        TaskCommand command = ingest(Map.of("url", base + "/slow.mp4"), List.of(video));
        send(command);
        pipeline.awaitReport(command, Duration.ofSeconds(30), r -> r.status() == TaskStatus.PROCESSING);

        // cancelled with it: a task of the same run whose command has not come yet
        TaskCommand later = new TaskCommand(TaskCommand.SCHEMA_VERSION, PROJECT, command.runId(),
                Ids.newId(IdKind.TASK), null, TaskKind.INGEST, Map.of("url", base + "/media/clip.mp4"), null,
                List.of(), Instant.now());
        long asked = System.nanoTime();
        pipeline.send(Topics.TASK_CANCELLATIONS, command.runId(), PipelineJson.write(new TaskCancellation(
                TaskCancellation.SCHEMA_VERSION, PROJECT, command.runId(), List.of(command.taskId(), video.taskId(),
                        later.taskId()), Instant.now())));
        await().atMost(Duration.ofSeconds(5)).until(() -> slowAbortedAt > asked);
        assertThat(Duration.ofNanos(slowAbortedAt - asked)).as("from the cancellation to the transfer aborted")
                .isLessThan(Duration.ofSeconds(5));

        // the same command again (a redelivery, a replay), and the command of a cancelled task that never started
        // here (its attempt ledger knows nothing of it, so only the cancellation stops it): both skipped
        send(command);
        send(later);
        TaskCommand marker = ingest(Map.of("url", base + "/media/clip.mp4"), List.of());
        send(marker);
        awaitTerminal(marker);
        // one attempt, processing (its start and its transfer's progress), never another, never an end
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> pipeline.reports(command)
                .stream().filter(r -> r.status() == TaskStatus.PROCESSING).map(TaskReport::attempt)
                .collect(Collectors.toSet()).equals(Set.of(1))
                && pipeline.reports(command).stream().noneMatch(r -> r.status().isTerminal())
                && pipeline.reports(later).isEmpty());
        assertThat(pipeline.records(Topics.TRANSCODE_TASKS)).extracting(r -> r.key()).doesNotContain(video.taskId());
    }

    // ------------------------------------------------------------------------------------------------------

    private void assertFails(Map<String, Object> options, String kind, String messagePart) {
        TaskCommand command = ingest(options, List.of());
        send(command);
        TaskReport failed = awaitTerminal(command);
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error().kind()).as(failed.error().message()).isEqualTo(kind);
        assertThat(failed.error().message()).contains(messagePart)
                .as("no signed work-storage URL in a message").doesNotContain("X-Amz-");
    }

    private static TaskCommand ingest(Map<String, Object> options, List<PlannedTask> next) {
        return new TaskCommand(TaskCommand.SCHEMA_VERSION, PROJECT, Ids.newId(IdKind.RUN), Ids.newId(IdKind.TASK),
                null, TaskKind.INGEST, options, null, next, Instant.now());
    }

    private static void send(TaskCommand command) {
        pipeline.send(command);
    }

    private static void send(String topic, TaskCommand command) {
        pipeline.send(topic, command);
    }

    private static TaskReport awaitTerminal(TaskCommand command) {
        return pipeline.awaitTerminal(command, Duration.ofSeconds(60));
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
