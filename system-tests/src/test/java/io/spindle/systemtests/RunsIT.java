package io.spindle.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.oneOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.spindle.contract.pipeline.MediaInfo;
import io.spindle.local.InfraProcess;
import io.spindle.local.InfraSettings.Component;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs against the local stack: ingest through one connection and upload through another (to a second S3
 * server with credentials of its own), fan-out, a failing branch, default connections, and the Kafka-native
 * path (run-requests in, task-events out) with plain kafka-clients.
 */
@ExtendWith(LocalStack.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RAW = "uploads/raw-video.mp4";

    LocalStack local;
    InfraProcess destination;
    MinioClient destinationS3;
    String sourceConnection;
    String destConnection;
    double inputDuration;

    @BeforeAll
    void setUp(LocalStack local) throws Exception {
        this.local = local;
        // the customer's second storage: another S3 server, other credentials, other bucket
        destination = InfraProcess.startEphemeral(LocalStack.ROOT.resolve("system-tests/target/second-s3"),
                EnumSet.of(Component.S3), List.of(), LocalStack.SECOND_S3_PORT);
        destinationS3 = MinioClient.builder().endpoint(destination.s3Endpoint())
                .credentials(destination.s3AccessKey(), destination.s3SecretKey()).region(destination.s3Region())
                .build();
        LocalStack.ensureBucket(destinationS3, "dest-bucket");
        LocalStack.ensureBucket(local.s3(), "source-bucket");
        LocalStack.ensureBucket(local.s3(), "my-bucket");

        Path clip = TestMedia.clip1080p("raw-video.mp4", 3);
        inputDuration = TestMedia.PROBE.probe(clip.toString()).duration();
        for (String bucket : List.of("source-bucket", "my-bucket")) {
            local.s3().uploadObject(UploadObjectArgs.builder().bucket(bucket).object(RAW).filename(clip.toString())
                    .contentType("video/mp4").build());
        }
        sourceConnection = connection("source", local.facts.get("SPINDLE_S3_ENDPOINT"),
                local.facts.get("SPINDLE_S3_ACCESS_KEY_ID"), local.facts.get("SPINDLE_S3_SECRET_ACCESS_KEY"));
        destConnection = connection("destination", destination.s3Endpoint(), destination.s3AccessKey(),
                destination.s3SecretKey());
    }

    @AfterAll
    void tearDown() {
        if (destination != null) {
            destination.close();
        }
    }

    @Test
    @Order(1)
    void theProductPageRunWorksAsWritten() throws Exception {
        // "4. Advanced: use runs for more control", as written: host, key and connection ids substituted
        String body = """
                {
                  "tasks": [
                    {
                      "kind": "ingest",
                      "options": {
                        "connection_id": "con_source_connection",
                        "bucket": "source-bucket",
                        "key": "uploads/raw-video.mp4"
                      },
                      "next": [
                        {
                          "kind": "video",
                          "options": { "width": 1280, "format": "mp4" },
                          "next": [
                            {
                              "kind": "upload",
                              "options": {
                                "connection_id": "con_dest_connection",
                                "bucket": "dest-bucket",
                                "key": "processed/video-720p.mp4"
                              }
                            }
                          ]
                        }
                      ]
                    }
                  ]
                }""".replace("con_source_connection", sourceConnection).replace("con_dest_connection", destConnection);
        Command.Result curl = new Command(List.of("curl", "-sS", "-w", "\n%{http_code}", "-X", "POST",
                local.facts.get("SPINDLE_API_URL") + "/runs",
                "-H", "Authorization: Bearer " + local.facts.get("SPINDLE_API_KEY"),
                "-H", "Content-Type: application/json", "-d", body), Map.of(), LocalStack.ROOT)
                .run(Duration.ofSeconds(60));
        String out = curl.output().stripTrailing();
        assertThat(out).as(out).endsWith("201");
        JsonPath run = new JsonPath(out.substring(0, out.lastIndexOf('\n')));
        assertThat(run.getString("object")).isEqualTo("run");
        assertThat(run.getList("tasks.kind")).containsExactly("ingest", "video", "upload");
        assertThat(run.getString("tasks[0].options.connection_id")).isEqualTo(sourceConnection);
        assertThat(run.getString("tasks[2].options.connection_id")).isEqualTo(destConnection);

        awaitEnded(run.getString("id")).then().body("status", equalTo("succeeded"))
                .body("tasks.status", everyItem(equalTo("succeeded")))
                .body("tasks[2].outputs[0].url", equalTo("s3://dest-bucket/processed/video-720p.mp4"));
        MediaInfo media = TestMedia.probe(destinationS3, "dest-bucket", "processed/video-720p.mp4");
        assertThat(media.container()).contains("mp4");
        assertThat(media.videoCodec()).isEqualTo("h264");
        assertThat(media.width()).isEqualTo(1280);
        assertThat(media.height()).isEqualTo(720);
        assertThat(media.duration()).isCloseTo(inputDuration, org.assertj.core.api.Assertions.within(0.1));
        local.api().get("/runs").then().body("data[0].id", equalTo(run.getString("id")));
    }

    @Test
    @Order(2)
    void oneInputFansOutIntoThreeOutputsEachWithItsUpload() throws Exception {
        Map<String, Object> tree = Map.of("tasks", List.of(ingest(
                node("video", Map.of("width", 1920, "format", "mp4"), upload("fan/video-1080p.mp4")),
                node("video", Map.of("width", 1280, "format", "webm"), upload("fan/video-720p.webm")),
                node("image", Map.of("format", "jpeg", "start", 1), upload("fan/poster.jpg")))),
                "metadata", Map.of("campaign", "fan-out"));
        Response created = local.api().body(tree).post("/runs");
        created.then().statusCode(201).body("metadata.campaign", equalTo("fan-out"));
        Response run = awaitEnded(created.path("id"));
        run.then().body("status", equalTo("succeeded")).body("progress", equalTo(100))
                .body("tasks.kind", contains("ingest", "video", "upload", "video", "upload", "image", "upload"))
                .body("tasks.status", everyItem(equalTo("succeeded")));

        MediaInfo mp4 = TestMedia.probe(destinationS3, "dest-bucket", "fan/video-1080p.mp4");
        assertThat(mp4.videoCodec()).isEqualTo("h264");
        assertThat(mp4.width()).isEqualTo(1920);
        MediaInfo webm = TestMedia.probe(destinationS3, "dest-bucket", "fan/video-720p.webm");
        assertThat(webm.container()).contains("webm");
        assertThat(webm.videoCodec()).isEqualTo("vp9");
        assertThat(webm.width()).isEqualTo(1280);
        MediaInfo poster = TestMedia.probe(destinationS3, "dest-bucket", "fan/poster.jpg");
        assertThat(poster.videoCodec()).isEqualTo("mjpeg");
        assertThat(poster.width()).isEqualTo(1920);
    }

    @Test
    @Order(3)
    void aFailingBranchFailsTheRunWhileTheOtherBranchDelivers() throws Exception {
        Map<String, Object> tree = Map.of("tasks", List.of(ingest(
                node("video", Map.of("width", 640, "format", "mp4"), upload("branches/ok.mp4")),
                node("image", Map.of("format", "jpeg", "start", 60), upload("branches/never.jpg")))));
        Response run = awaitEnded(local.api().body(tree).post("/runs").then().statusCode(201).extract().path("id"));
        run.then().body("status", equalTo("failed"))
                .body("error.kind", equalTo("invalid_options"))
                .body("tasks.kind", contains("ingest", "video", "upload", "image", "upload"))
                .body("tasks.status", contains("succeeded", "succeeded", "succeeded", "failed", "cancelled"))
                .body("tasks[2].outputs[0].url", equalTo("s3://dest-bucket/branches/ok.mp4"))
                .body("tasks[3].error.kind", equalTo("invalid_options"))
                .body("tasks[4].error.kind", equalTo("cancelled"));
        assertThat(TestMedia.probe(destinationS3, "dest-bucket", "branches/ok.mp4").width()).isEqualTo(640);
        assertThat(destinationS3.listObjects(ListObjectsArgs.builder().bucket("dest-bucket")
                .prefix("branches/never").build())).isEmpty();
    }

    @Test
    @Order(4)
    void theDefaultConnectionStandsInWhereNoneIsNamed() throws Exception {
        local.api().body(Map.of("is_default", true)).patch("/connections/" + sourceConnection).then().statusCode(200)
                .body("is_default", equalTo(true));
        // "3. Ingest from your storage too", without connection_id
        Map<String, Object> task = Map.of("url", "s3://my-bucket/uploads/raw-video.mp4", "kind", "video",
                "destination", "s3://my-bucket/processed/default-720p.mp4",
                "options", Map.of("width", 1280, "format", "mp4"));
        Response created = local.api().body(task).post("/tasks");
        created.then().statusCode(201);
        Response run = awaitEnded(created.path("run_id"));
        run.then().body("status", equalTo("succeeded"))
                .body("tasks[0].options.connection_id", equalTo(sourceConnection))
                .body("tasks[2].options.connection_id", equalTo(sourceConnection));
        local.api().get("/tasks/" + created.path("id")).then().body("status", equalTo("succeeded"))
                .body("outputs[0].url", equalTo("s3://my-bucket/processed/default-720p.mp4"));
        assertThat(TestMedia.probe(local.s3(), "my-bucket", "processed/default-720p.mp4").width()).isEqualTo(1280);
        // a run may leave connection_id out of its ingest and uploads too
        Map<String, Object> tree = Map.of("tasks", List.of(node("ingest", Map.of("bucket", "source-bucket",
                "key", RAW), node("audio", Map.of("format", "mp3"), node("upload", Map.of("bucket", "my-bucket",
                "key", "processed/default.mp3"))))));
        awaitEnded(local.api().body(tree).post("/runs").then().statusCode(201).extract().path("id")).then()
                .body("status", equalTo("succeeded"));
        assertThat(TestMedia.probe(local.s3(), "my-bucket", "processed/default.mp3").audioCodec()).isEqualTo("mp3");

        // without a default, nothing is queued and the answer names each field that needs a connection
        local.api().body(Map.of("is_default", false)).patch("/connections/" + sourceConnection).then()
                .statusCode(200).body("is_default", equalTo(false));
        int runsBefore = local.api().queryParam("limit", 100).get("/runs").path("data.size()");
        local.api().body(task).post("/tasks").then().statusCode(400).contentType("application/problem+json")
                .body("kind", equalTo("connection_required")).body("errors[0].field", equalTo("connection_id"));
        local.api().body(tree).post("/runs").then().statusCode(400).body("kind", equalTo("connection_required"))
                .body("errors.field", contains("tasks[0].options.connection_id",
                        "tasks[0].next[0].next[0].options.connection_id"));
        assertThat((int) local.api().queryParam("limit", 100).get("/runs").path("data.size()")).isEqualTo(runsBefore);
    }

    @Test
    @Order(5)
    void runRequestsOnKafkaArePlannedOnceAndFollowedOnTaskEvents() throws Exception {
        String requestId = "order-" + UUID.randomUUID();
        Map<String, Object> request = new HashMap<>();
        request.put("id", requestId);
        request.put("project_id", local.facts.get("SPINDLE_PROJECT_ID"));
        request.put("tasks", List.of(node("ingest", Map.of("connection_id", sourceConnection,
                "bucket", "source-bucket", "key", RAW), node("video", Map.of("width", 640, "format", "mp4"),
                upload("kafka/video-360p.mp4")))));
        String invalidId = requestId + "-invalid";
        Map<String, Object> invalid = Map.of("id", invalidId, "project_id", local.facts.get("SPINDLE_PROJECT_ID"),
                "tasks", List.of(node("video", Map.of("width", 640))));

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, local.facts.get("SPINDLE_KAFKA_BOOTSTRAP_SERVERS"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            byte[] value = JSON.writeValueAsBytes(request);
            producer.send(new ProducerRecord<>("run-requests", requestId, value)).get();
            producer.send(new ProducerRecord<>("run-requests", requestId, value)).get(); // a retrying producer
            producer.send(new ProducerRecord<>("run-requests", invalidId, JSON.writeValueAsBytes(invalid))).get();
        }

        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        String[] runId = new String[1];
        follow(record -> {
            seen.add(record);
            if ("run.created".equals(header(record, "ce_type")) && record.value().contains(requestId + "\"")) {
                runId[0] = JsonPath.from(record.value()).getString("id");
            }
            return runId[0] != null && seen.stream().anyMatch(r -> invalidId.equals(r.key()))
                    && seen.stream().anyMatch(r -> "run.succeeded".equals(header(r, "ce_type"))
                            && runId[0].equals(header(r, "ce_subject")));
        });
        List<String> types = seen.stream().filter(r -> runId[0].equals(r.key())).map(r -> header(r, "ce_type"))
                .toList();
        assertThat(types).startsWith("run.created").contains("task.created", "task.updated", "task.succeeded")
                .endsWith("run.succeeded");
        assertThat(types).filteredOn("run.created"::equals).hasSize(1);
        JsonPath succeeded = JsonPath.from(seen.stream().filter(r -> runId[0].equals(r.key())
                && "run.succeeded".equals(header(r, "ce_type"))).findFirst().orElseThrow().value());
        assertThat(succeeded.getString("status")).isEqualTo("succeeded");
        assertThat(succeeded.getString("request_id")).isEqualTo(requestId);
        assertThat(succeeded.getList("tasks.status")).containsOnly("succeeded");
        assertThat(TestMedia.probe(destinationS3, "dest-bucket", "kafka/video-360p.mp4").width()).isEqualTo(640);

        // the same id twice planned one run
        List<String> planned = local.api().queryParam("limit", 100).get("/runs").path("data.request_id");
        assertThat(planned).containsOnlyOnce(requestId);
        // the invalid request was rejected with its reasons
        ConsumerRecord<String, String> rejected = seen.stream().filter(r -> invalidId.equals(r.key())).findFirst()
                .orElseThrow(() -> new AssertionError("no run.rejected for " + invalidId));
        assertThat(header(rejected, "ce_type")).isEqualTo("run.rejected");
        assertThat(JsonPath.from(rejected.value()).getString("errors[0].field")).isEqualTo("tasks[0].kind");
        assertThat(planned).doesNotContain(invalidId);

        // connection secrets never travel on Kafka: not in the events, nor in the commands between workers
        List<String> secrets = List.of(local.facts.get("SPINDLE_S3_SECRET_ACCESS_KEY"), destination.s3SecretKey());
        assertThat(seen).isNotEmpty().allSatisfy(r -> assertThat(r.value()).doesNotContain(secrets));
        for (String topic : List.of("ingest-tasks", "transcode-tasks", "upload-tasks", "task-reports")) {
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            follow(topic, r -> {
                records.add(r);
                return r.value().contains(runId[0]);
            });
            assertThat(records).as(topic).allSatisfy(r -> assertThat(r.value()).doesNotContain(secrets));
        }
    }

    // ------------------------------------------------------------------------------------------------------

    /** Reads task-events from the start, as an integration would, until {@code done} says so (3 minutes). */
    private void follow(Predicate<ConsumerRecord<String, String>> done) {
        follow("task-events", done);
    }

    private void follow(String topic, Predicate<ConsumerRecord<String, String>> done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.facts.get("SPINDLE_KAFKA_BOOTSTRAP_SERVERS"));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "runs-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (done.test(record)) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError(topic + " did not say what was awaited within 3 minutes");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Response awaitEnded(String runId) {
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                local.api().get("/runs/" + runId).then().body("status", oneOf("succeeded", "failed")));
        return local.api().get("/runs/" + runId);
    }

    private Map<String, Object> ingest(Object... next) {
        return node("ingest", Map.of("connection_id", sourceConnection, "bucket", "source-bucket", "key", RAW),
                next);
    }

    private Map<String, Object> upload(String key) {
        return node("upload", Map.of("connection_id", destConnection, "bucket", "dest-bucket", "key", key));
    }

    private static Map<String, Object> node(String kind, Map<String, Object> options, Object... next) {
        return Map.of("kind", kind, "options", options, "next", List.of(next));
    }

    private String connection(String name, String endpoint, String accessKey, String secret) {
        return local.api().body(Map.of("name", name, "kind", "s3", "endpoint", endpoint, "region", "us-east-1",
                "access_key_id", accessKey, "secret_access_key", secret)).post("/connections").then()
                .statusCode(201).extract().path("id");
    }
}
