package io.spindle.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.UploadObjectArgs;
import io.restassured.response.Response;
import io.spindle.contract.pipeline.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outages on purpose, on the local stack ({@code deploy/local/stack stop|start COMPONENT}): the run in flight
 * waits and completes, the API says 503 with {@code Retry-After} while it cannot answer, nothing is
 * dead-lettered.
 */
@ExtendWith(LocalStack.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutagesIT {

    static final String INPUT = "outages/input-20s-1080p.mp4";
    static final Duration OUTAGE = Duration.ofSeconds(60);
    static final Duration KAFKA_OUTAGE = Duration.ofSeconds(45);

    LocalStack local;
    String connection;

    @BeforeAll
    void setUp(LocalStack local) throws Exception {
        this.local = local;
        LocalStack.ensureBucket(local.s3(), "my-bucket");
        Path clip = TestMedia.clip1080p("input-20s-1080p.mp4", 20);
        local.s3().uploadObject(UploadObjectArgs.builder().bucket("my-bucket").object(INPUT)
                .filename(clip.toString()).contentType("video/mp4").build());
        connection = local.connectionToItsS3("outages");
    }

    @Test
    void postgresDownForAMinuteMidRunDelaysTheRunAndLosesNothing() throws Exception {
        long deadLettersBefore = records(Topics.deadLetter(Topics.TASK_REPORTS));
        Response posted = post("outages/postgres/out.mp4");
        String taskId = posted.path("id");
        String runId = posted.path("run_id");
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> "processing".equals(local.api()
                .get("/runs/" + runId).path("tasks[1].status")));

        stack("stop", "postgres");
        long stopped = System.nanoTime();
        try {
            Response during = local.api().get("/tasks/" + taskId);
            assertThat(during.statusCode()).as(during.asString()).isEqualTo(503);
            assertThat(during.contentType()).startsWith("application/problem+json");
            assertThat(during.header("Retry-After")).isEqualTo("5");
            assertThat(during.<String>path("kind")).isEqualTo("service_unavailable");
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - stopped).toMillis()));
        } finally {
            stack("start", "postgres");
        }

        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() ->
                List.of("succeeded", "failed").contains(local.api().get("/runs/" + runId).<String>path("status")));
        Response run = local.api().get("/runs/" + runId);
        assertThat(run.<String>path("status")).as(run.asString()).isEqualTo("succeeded");
        assertThat(local.s3().statObject(io.minio.StatObjectArgs.builder().bucket("my-bucket")
                .object("outages/postgres/out.mp4").build()).size()).isPositive();
        assertThat(records(Topics.deadLetter(Topics.TASK_REPORTS))).as("task-reports-dlq")
                .isEqualTo(deadLettersBefore);
    }

    @Test
    void kafkaDownMidRunThenBackCompletesTheRunAndWhatWasPostedMeanwhile() throws Exception {
        Response first = post("outages/kafka/first.mp4");
        String firstRun = first.path("run_id");
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> "processing".equals(local.api()
                .get("/runs/" + firstRun).path("tasks[1].status")));

        stack("stop", "kafka");
        long stopped = System.nanoTime();
        String secondRun;
        try {
            // the outbox holds the commands: the API still takes work
            Response second = post("outages/kafka/second.mp4");
            secondRun = second.path("run_id");
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(local.stack("status").run(Duration.ofMinutes(1)).output())
                            .containsPattern("outbox\\s+[1-9]\\d* command\\(s\\) and event\\(s\\) stored, not yet"
                                    + " published to Kafka"));
            Thread.sleep(Math.max(0, KAFKA_OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - stopped)
                    .toMillis()));
        } finally {
            stack("start", "kafka");
        }
        for (String run : List.of(firstRun, secondRun)) {
            Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    List.of("succeeded", "failed").contains(local.api().get("/runs/" + run).<String>path("status")));
            Response done = local.api().get("/runs/" + run);
            assertThat(done.<String>path("status")).as(done.asString()).isEqualTo("succeeded");
        }
        for (String key : List.of("outages/kafka/first.mp4", "outages/kafka/second.mp4")) {
            assertThat(local.s3().statObject(io.minio.StatObjectArgs.builder().bucket("my-bucket").object(key)
                    .build()).size()).as(key).isPositive();
        }
    }

    /**
     * The transactional outbox across a crash: with Kafka away, {@code POST /tasks} commits the run and its command
     * (the request does not wait for Kafka), then the gateway is killed (-9) before it could publish. Restarted
     * once Kafka is back, it publishes the command exactly once, and the run completes.
     */
    @Test
    void theGatewayKilledBetweenCommitAndPublishPublishesTheCommandOnceAfterRestart() throws Exception {
        stack("stop", "kafka");
        String runId;
        String ingestId;
        try {
            Response posted = post("outages/gateway-killed/out.mp4");
            runId = posted.path("run_id");
            ingestId = local.api().get("/runs/" + runId).path("tasks.find { it.kind == 'ingest' }.id");
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(local.stack("status").run(Duration.ofMinutes(1)).output())
                            .containsPattern("outbox\\s+[1-9]\\d* command\\(s\\) and event\\(s\\) stored"));
            ProcessHandle gateway = ProcessHandle.of(local.pid("api-gateway")).orElseThrow();
            gateway.destroyForcibly(); // kill -9: committed, never published
            gateway.onExit().get(30, TimeUnit.SECONDS);
        } finally {
            stack("start", "kafka");
        }
        stack("start", "api-gateway");

        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() ->
                List.of("succeeded", "failed").contains(local.api().get("/runs/" + runId).<String>path("status")));
        Response done = local.api().get("/runs/" + runId);
        assertThat(done.<String>path("status")).as(done.asString()).isEqualTo("succeeded");
        // task ids are unique: every command for this ingest on the topic, from its beginning
        assertThat(local.records(Topics.INGEST_TASKS).stream().filter(r -> ingestId.equals(new String(r.key(),
                StandardCharsets.UTF_8)))).as("commands for " + ingestId).hasSize(1);
    }

    private Response post(String destinationKey) {
        Response posted = local.api().body(Map.of("url", "s3://my-bucket/" + INPUT, "kind", "video", "options",
                Map.of("width", 1280, "format", "mp4"), "connection_id", connection, "destination",
                "s3://my-bucket/" + destinationKey)).post("/tasks");
        posted.then().statusCode(201);
        return posted;
    }

    /** How many records a topic holds (the sum of its partitions' end offsets). */
    private long records(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.kafkaBootstrapServers()), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private void stack(String... args) {
        Command.Result result = local.stack(args).run(Duration.ofMinutes(3));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
