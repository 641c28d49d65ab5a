package io.spindle.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.minio.UploadObjectArgs;
import io.restassured.path.json.JsonPath;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import io.spindle.outbound.testing.RecordingReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks and cancel on the local stack, all five services: a receiver on loopback (the stack allows loopback for
 * the gateway's webhooks, and says so) gets the events of real runs, signed per Standard Webhooks and checked with
 * the reference verifier; and a run is cancelled mid-transcode, for real.
 */
@ExtendWith(LocalStack.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksAndCancelIT {

    static final String BUCKET = "hooks-bucket";
    static final ObjectMapper JSON = new ObjectMapper();

    LocalStack local;
    TaskReports reports;
    String connection;

    @BeforeAll
    void setUp(LocalStack local) throws Exception {
        this.local = local;
        LocalStack.ensureBucket(local.s3(), BUCKET);
        Path clip = TestMedia.clip1080p("hooks-60s.mp4", 60);
        local.s3().uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object("in/60s.mp4")
                .filename(clip.toString()).contentType("video/mp4").build());
        Path audio = Files.createTempDirectory("spindle-it").resolve("short.wav");
        TestMedia.ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "3", audio.toString());
        local.s3().uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object("in/short.wav")
                .filename(audio.toString()).contentType("audio/wav").build());
        connection = local.connectionToItsS3("hooks");
        reports = new TaskReports(local.kafkaBootstrapServers());
    }

    @AfterAll
    void tearDown() {
        reports.close();
    }

    @Test
    void receiversGetExactlyTheRunsEventsTheySubscribedToWithTheIdsOfTaskEventsRetriedUntil200() throws Exception {
        try (RecordingReceiver receiver = new RecordingReceiver(); RecordingReceiver flaky = new RecordingReceiver(500, 500)) {
            JsonPath endpoint = local.api().body(Map.of("url", receiver.url(), "topics",
                    List.of("run.succeeded", "task.failed"))).post("/webhooks/endpoints").then().statusCode(201)
                    .extract().jsonPath();
            JsonPath flakyEndpoint = local.api().body(Map.of("url", flaky.url(), "topics", List.of("run.succeeded")))
                    .post("/webhooks/endpoints").then().statusCode(201).extract().jsonPath();
            String ok = post("in/short.wav", "audio", Map.of("format", "mp3"), "out/short.mp3");
            String bad = post("in/missing.wav", "audio", Map.of("format", "mp3"), "out/missing.mp3");
            awaitEnded(ok, "succeeded");
            awaitEnded(bad, "failed");

            List<String> expected = new ArrayList<>();
            expected.addAll(eventIds(ok, "run.succeeded"));
            expected.addAll(eventIds(bad, "task.failed"));
            assertThat(expected).hasSize(3); // run.succeeded; task.failed for the ingest and for the task of POST /tasks
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.size() >= 3);
            Thread.sleep(1500); // and nothing more: one delivery per event, answered 200
            assertThat(receiver.received).extracting(r -> r.header("webhook-id"))
                    .containsExactlyInAnyOrderElementsOf(expected);
            Webhook verifier = new Webhook(endpoint.getString("secret"));
            for (RecordingReceiver.Received r : receiver.received) {
                verifier.verify(r.text(), r.headers());
                assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(local.api().get("/events/"
                        + r.header("webhook-id")).then().statusCode(200).extract().asByteArray()));
            }

            // GET /events of a run: its CloudEvents on task-events, in their order, under the same ids
            List<ConsumerRecord<String, byte[]>> cloudEvents = taskEvents(ok, "run.succeeded");
            List<String> listed = local.api().queryParam("run_id", ok).queryParam("order", "asc").queryParam("limit",
                    100).get("/events").then().statusCode(200).extract().jsonPath().getList("data.id", String.class);
            assertThat(listed).containsExactlyElementsOf(cloudEvents.stream().map(r -> header(r, "ce_id")).toList());
            assertThat(listed).contains(expected.get(0));

            // a receiver answering 500 twice: the event three times under one id (5 s, then 10 s backoff), all signed
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> flaky.received.size() >= 3);
            assertThat(flaky.received).extracting(r -> r.header("webhook-id")).containsOnly(expected.get(0))
                    .hasSize(3);
            Webhook flakyVerifier = new Webhook(flakyEndpoint.getString("secret"));
            for (RecordingReceiver.Received r : flaky.received) {
                flakyVerifier.verify(r.text(), r.headers());
            }
            JsonPath delivery = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> local.api()
                    .get("/webhooks/endpoints/" + flakyEndpoint.getString("id") + "/deliveries").then().statusCode(200)
                    .extract().jsonPath().setRootPath("data[0]"), d -> "succeeded".equals(d.getString("status")));
            assertThat(delivery.getString("event_id")).isEqualTo(expected.get(0));
            assertThat(delivery.getList("attempts.response_code", Integer.class)).containsExactly(500, 500, 200);
            local.api().delete("/webhooks/endpoints/" + endpoint.getString("id")).then().statusCode(204);
            local.api().delete("/webhooks/endpoints/" + flakyEndpoint.getString("id")).then().statusCode(204);
        }
    }

    @Test
    void cancellingARunMidTranscodeStopsItsFfmpegWithinFiveSecondsAndNothingReachesTheDestination()
            throws Exception {
        try (RecordingReceiver receiver = new RecordingReceiver()) {
            JsonPath endpoint = local.api().body(Map.of("url", receiver.url(), "topics", List.of("run.cancelled")))
                    .post("/webhooks/endpoints").then().statusCode(201).extract().jsonPath();
            String key = "out/cancelled/720p.mp4";
            JsonPath task = local.api().body(Map.of("url", "s3://" + BUCKET + "/in/60s.mp4", "kind", "video",
                    "options", Map.of("width", 1280, "format", "mp4"), "connection_id", connection, "destination",
                    "s3://" + BUCKET + "/" + key)).post("/tasks").then().statusCode(201).extract().jsonPath();
            String runId = task.getString("run_id");
            String videoId = task.getString("id");
            String worker = reports.await(videoId, "transcoding at 5 % or more", Duration.ofMinutes(2),
                    r -> r.status() == TaskStatus.PROCESSING && r.progress() != null && r.progress() >= 5).worker();
            List<ProcessHandle> ffmpeg = ProcessHandle.of(local.pid(worker)).orElseThrow().descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("ffmpeg")).toList();
            assertThat(ffmpeg).as("the transcode's ffmpeg").isNotEmpty();

            long asked = System.nanoTime();
            local.api().post("/runs/" + runId + "/cancel").then().statusCode(200).body("status",
                    org.hamcrest.Matchers.equalTo("cancelled"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ffmpeg.stream().noneMatch(ProcessHandle::isAlive));
            Duration stopped = Duration.ofNanos(System.nanoTime() - asked);
            assertThat(stopped).as("from the cancel call to no ffmpeg for the task").isLessThan(Duration.ofSeconds(5));
            JsonPath run = local.api().get("/runs/" + runId).then().statusCode(200).extract().jsonPath();
            assertThat(run.getString("status")).isEqualTo("cancelled");
            assertThat(run.getList("tasks.status", String.class)).containsOnly("succeeded", "cancelled");
            assertThat(local.api().get("/tasks/" + videoId).then().extract().jsonPath().getString("status"))
                    .isEqualTo("cancelled");

            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.received.isEmpty());
            RecordingReceiver.Received delivered = receiver.received.get(0);
            new Webhook(endpoint.getString("secret")).verify(delivered.text(), delivered.headers());
            assertThat(JSON.readTree(delivered.body()).path("kind").asText()).isEqualTo("run.cancelled");
            assertThat(JSON.readTree(delivered.body()).path("data").path("id").asText()).isEqualTo(runId);

            // the worker says it stopped the task, and nothing was published after it: no upload, no object
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(local.log(worker)).contains("task " + videoId + ": attempt 1 stopped: the task was cancelled"));
            Thread.sleep(3000);
            assertThat(reports.of(videoId)).noneMatch(r -> r.status() == TaskStatus.SUCCEEDED);
            assertThat(local.objects(BUCKET, "out/cancelled/")).isEmpty();
            local.api().delete("/webhooks/endpoints/" + endpoint.getString("id")).then().statusCode(204);
        }
    }

    private String post(String input, String kind, Map<String, Object> options, String destination) {
        return local.api().body(Map.of("url", "s3://" + BUCKET + "/" + input, "kind", kind, "options", options,
                "connection_id", connection, "destination", "s3://" + BUCKET + "/" + destination)).post("/tasks")
                .then().statusCode(201).extract().path("run_id");
    }

    private void awaitEnded(String runId, String status) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                TaskStatus.fromWireName(local.api().get("/runs/" + runId).path("status").toString()).isTerminal());
        assertThat(local.api().get("/runs/" + runId).path("status").toString()).isEqualTo(status);
    }

    private List<String> eventIds(String runId, String kind) {
        return local.api().queryParam("run_id", runId).queryParam("kind", kind).get("/events").then()
                .statusCode(200).extract().jsonPath().getList("data.id", String.class);
    }

    /** The run's records on task-events, up to the first of type {@code last}. */
    private List<ConsumerRecord<String, byte[]>> taskEvents(String runId, String last) {
        List<ConsumerRecord<String, byte[]>> kept = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.kafkaBootstrapServers()), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TASK_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (runId.equals(r.key())) {
                        kept.add(r);
                        if (last.equals(header(r, "ce_type"))) {
                            return kept;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no " + last + " of " + runId + " on task-events within 30 s; saw " + kept.size());
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
