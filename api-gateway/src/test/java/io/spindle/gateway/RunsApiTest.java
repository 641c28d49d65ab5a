package io.spindle.gateway;

import static io.spindle.gateway.GatewayClient.KEY_B;
import static io.spindle.gateway.GatewayClient.PROJECT_A;
import static io.spindle.gateway.GatewayClient.api;
import static io.spindle.gateway.GatewayClient.awaitRecord;
import static io.spindle.gateway.GatewayClient.awaitRecords;
import static io.spindle.gateway.GatewayClient.header;
import static io.spindle.gateway.GatewayClient.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.EventTypes;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * POST /runs, GET /runs and the run-requests topic: trees validated with paths, planned into tasks, queued
 * through the outbox, announced as CloudEvents. Real Kafka, real PostgreSQL; no connection-service, so the
 * trees here ingest from http urls and upload nowhere (the system tests cover connections).
 */
@QuarkusTest
@RealInfrastructure
class RunsApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> node(String kind, Map<String, Object> options, Object... next) {
        Map<String, Object> node = new HashMap<>();
        node.put("kind", kind);
        node.put("options", options);
        node.put("next", List.of(next));
        return node;
    }

    static Map<String, Object> ingest(String url, Object... next) {
        return node("ingest", Map.of("url", url), next);
    }

    /** One input fanned out into a 1080p mp4, a 720p webm and a jpeg poster. */
    static Map<String, Object> fanOut(String url) {
        return Map.of("tasks", List.of(ingest(url,
                node("video", Map.of("width", 1920, "format", "mp4")),
                node("video", Map.of("width", 1280, "format", "webm")),
                node("image", Map.of("format", "jpeg", "start", 1)))),
                "metadata", Map.of("order", "A-17", "tags", List.of("promo")));
    }

    @Test
    void aFanOutRunIsPlannedIntoTasksAndItsRootQueued() {
        Response created = api().body(fanOut("https://example.com/fan.mp4")).post("/runs");
        created.then().statusCode(201)
                .body("id", matchesPattern("run_[a-z0-9]{16}"))
                .body("object", equalTo("run"))
                .body("status", equalTo("queued"))
                .body("progress", equalTo(0))
                .body("metadata.order", equalTo("A-17"))
                .body("metadata.tags", contains("promo"))
                .body("error", nullValue())
                .body("tasks.kind", contains("ingest", "video", "video", "image"))
                .body("tasks.status", contains("queued", "waiting", "waiting", "waiting"))
                .body("tasks[1].options.width", equalTo(1920))
                .body("tasks[2].options.format", equalTo("webm"));
        String runId = created.path("id");
        String ingestId = created.path("tasks[0].id");
        List<String> parents = created.path("tasks.parent_id");
        assertThat(parents).containsExactly(null, ingestId, ingestId, ingestId);
        List<String> runIds = created.path("tasks.run_id");
        assertThat(runIds).containsOnly(runId);
        api().get("/runs/" + runId).then().statusCode(200).body("tasks.id", equalTo(created.path("tasks.id")));

        TaskCommand command = PipelineJson.read(awaitRecord(Topics.INGEST_TASKS, ingestId).value(), TaskCommand.class);
        assertThat(command.runId()).isEqualTo(runId);
        assertThat(command.options()).containsEntry("url", "https://example.com/fan.mp4");
        assertThat(command.next()).extracting(n -> n.kind()).containsExactly(TaskKind.VIDEO, TaskKind.VIDEO,
                TaskKind.IMAGE);
        assertThat(command.next()).extracting(n -> n.taskId()).containsExactly(created.path("tasks[1].id"),
                created.path("tasks[2].id"), created.path("tasks[3].id"));
    }

    @Test
    void badTreesAreRejectedWithThePathOfEachOffendingNode() {
        int before = api().queryParam("limit", 100).get("/runs").path("data.size()");
        assertErrors(Map.of(), "tasks");
        assertErrors(Map.of("tasks", List.of()), "tasks");
        // a processing task without an input parent; an upload with nothing to upload
        assertErrors(Map.of("tasks", List.of(node("video", Map.of("width", 640)))), "tasks[0].kind");
        assertErrors(Map.of("tasks", List.of(node("upload", Map.of("bucket", "b-1", "key", "k")))), "tasks[0].kind");
        // an ingest that is not a root
        assertErrors(Map.of("tasks", List.of(ingest("https://example.com/a.mp4",
                ingest("https://example.com/b.mp4")))), "tasks[0].next[0].kind");
        // unknown kind, unknown and invalid options, deep in the tree
        assertErrors(Map.of("tasks", List.of(ingest("https://example.com/a.mp4",
                node("hologram", Map.of()),
                node("video", Map.of("width", 5, "colour", "red"),
                        node("image", Map.of("format", "bmp")))))),
                "tasks[0].next[0].kind", "tasks[0].next[1].options.width", "tasks[0].next[1].options.colour",
                "tasks[0].next[1].next[0].options.format");
        // an upload is a leaf and says where to
        assertErrors(Map.of("tasks", List.of(ingest("https://example.com/a.mp4",
                node("upload", Map.of("key", "out.mp4"), node("video", Map.of()))))),
                "tasks[0].next[0].options.bucket", "tasks[0].next[0].next");
        // an ingest reads a url or a bucket object, and a connection id looks like one
        assertErrors(Map.of("tasks", List.of(node("ingest", Map.of()))), "tasks[0].options");
        assertErrors(Map.of("tasks", List.of(node("ingest", Map.of("url", "ftp://example.com/a.mp4")))),
                "tasks[0].options.url");
        assertErrors(Map.of("tasks", List.of(node("ingest", Map.of("url", "https://example.com/a.mp4",
                "bucket", "src")))), "tasks[0].options");
        assertErrors(Map.of("tasks", List.of(node("ingest", Map.of("bucket", "src", "key", "a.mp4",
                "connection_id", "con_1")))), "tasks[0].options.connection_id");
        // null nodes and unknown fields
        api().body("{\"tasks\": [null]}").post("/runs").then().statusCode(400)
                .body("errors.field", contains("tasks[0]"));
        api().body(Map.of("tasks", List.of(ingest("https://example.com/a.mp4")), "webhook", "x")).post("/runs")
                .then().statusCode(400).body("errors[0].field", equalTo("webhook"));
        api().body("[1, 2]").post("/runs").then().statusCode(400);
        assertThat((int) api().queryParam("limit", 100).get("/runs").path("data.size()")).isEqualTo(before);
    }

    @Test
    void treesBeyondTheLimitsAreRejected() {
        Object[] wide = new Object[17];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = node("audio", Map.of("format", "mp3"));
        }
        assertErrors(Map.of("tasks", List.of(ingest("https://example.com/a.mp4", wide))), "tasks[0].next");

        Map<String, Object> deep = node("video", Map.of());
        for (int level = 0; level < 8; level++) {
            deep = node("video", Map.of(), deep);
        }
        assertErrors(Map.of("tasks", List.of(ingest("https://example.com/a.mp4", deep))),
                "tasks[0].next[0].next[0].next[0].next[0].next[0].next[0].next[0].next");

        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(ingest("https://example.com/" + i + ".mp4", Collections.nCopies(15,
                    node("audio", Map.of("format", "mp3"))).toArray()));
        }
        assertErrors(Map.of("tasks", many), "tasks");
        assertErrors(Map.of("tasks", List.of(ingest("https://example.com/a.mp4")),
                "metadata", Map.of("blob", "x".repeat(17_000))), "metadata");
    }

    @Test
    void runsAreListedNewestFirstWithACursorAndIsolated() {
        String first = api().body(fanOut("https://example.com/l1.mp4")).post("/runs").path("id");
        String second = api().body(fanOut("https://example.com/l2.mp4")).post("/runs").path("id");
        api().queryParam("limit", 1).get("/runs").then().statusCode(200).body("object", equalTo("list"))
                .body("data[0].id", equalTo(second)).body("data[0].object", equalTo("run"))
                .body("data[0].metadata.order", equalTo("A-17"))
                .body("data[0]", not(org.hamcrest.Matchers.hasKey("tasks")))
                .body("has_more", equalTo(true)).body("next_cursor", equalTo(second));
        api().queryParam("limit", 1).queryParam("after", second).get("/runs").then().body("data[0].id",
                equalTo(first));
        api().queryParam("after", "run_0000000000000000").get("/runs").then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
        api().queryParam("limit", 0).get("/runs").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        api().get("/runs/nope").then().statusCode(400).body("errors[0].field", equalTo("id"));
        RestAssured.given().header("Authorization", "Bearer " + KEY_B).get("/runs").then().statusCode(200)
                .body("data.id", not(hasItem(first)))
                .body("data.id", not(hasItem(second)));
        RestAssured.given().header("Authorization", "Bearer " + KEY_B).get("/runs/" + first).then().statusCode(404);
    }

    @Test
    void anIdempotencyKeyMakesARetriedPostAnswerWhatTheFirstMade() {
        String key = "retry-" + Ids.randomToken(8);
        Response first = api().header("Idempotency-Key", key).body(fanOut("https://example.com/idem.mp4"))
                .post("/runs");
        first.then().statusCode(201).body("request_id", equalTo(key));
        api().header("Idempotency-Key", key).body(fanOut("https://example.com/idem.mp4")).post("/runs").then()
                .statusCode(200).body("id", equalTo(first.path("id"))).body("tasks.id", equalTo(first.path("tasks.id")));
        List<String> listed = api().queryParam("limit", 100).get("/runs").path("data.request_id");
        assertThat(listed).containsOnlyOnce(key);
        // the key belongs to that run: POST /tasks may not reuse it
        api().header("Idempotency-Key", key).body(Map.of("url", "https://example.com/idem.mp4", "kind", "video"))
                .post("/tasks").then().statusCode(409).contentType("application/problem+json")
                .body("kind", equalTo("idempotency_key_reused"));
        // another project has keys of its own
        RestAssured.given().header("Authorization", "Bearer " + KEY_B).header("Idempotency-Key", key)
                .contentType("application/json").body(fanOut("https://example.com/idem.mp4")).post("/runs").then()
                .statusCode(201).body("id", not(equalTo(first.path("id"))));

        String taskKey = "task-" + Ids.randomToken(8);
        Map<String, Object> task = Map.of("url", "https://example.com/idem.mp4", "kind", "audio");
        Response created = api().header("Idempotency-Key", taskKey).body(task).post("/tasks");
        created.then().statusCode(201).body("kind", equalTo("audio"));
        api().header("Idempotency-Key", taskKey).body(task).post("/tasks").then().statusCode(200)
                .body("id", equalTo(created.path("id"))).body("run_id", equalTo(created.path("run_id")));
        api().header("Idempotency-Key", "k".repeat(129)).body(task).post("/tasks").then().statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void runRequestsArePlannedOncePerIdAndAnnounced() throws Exception {
        String requestId = "order-" + Ids.randomToken(8);
        Map<String, Object> request = new HashMap<>(fanOut("https://example.com/kafka.mp4"));
        request.put("id", requestId);
        request.put("project_id", PROJECT_A);
        byte[] value = JSON.writeValueAsBytes(request);
        String key = requestId;
        send(Topics.RUN_REQUESTS, key, value);
        send(Topics.RUN_REQUESTS, key, value); // the producer retried
        // a marker after both, on the same partition: once it is planned, both copies have been handled
        Map<String, Object> marker = new HashMap<>(request);
        marker.put("id", requestId + "-marker");
        send(Topics.RUN_REQUESTS, key, JSON.writeValueAsBytes(marker));

        List<ConsumerRecord<String, byte[]>> created = awaitRecords(Topics.TASK_EVENTS,
                r -> EventTypes.RUN_CREATED.equals(header(r, "ce_type"))
                        && new String(r.value(), StandardCharsets.UTF_8).contains(requestId),
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(requestId + "-marker"));
        List<Map<?, ?>> runs = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : created) {
            runs.add(JSON.readValue(r.value(), Map.class));
        }
        assertThat(runs).extracting(r -> (Object) r.get("request_id"))
                .containsExactly(requestId, requestId + "-marker");
        String runId = (String) runs.get(0).get("id");
        api().get("/runs/" + runId).then().statusCode(200).body("request_id", equalTo(requestId))
                .body("tasks.kind", contains("ingest", "video", "video", "image"))
                .body("metadata.order", equalTo("A-17"));
        List<String> listed = api().queryParam("limit", 100).get("/runs").path("data.request_id");
        assertThat(listed).containsOnlyOnce(requestId);
    }

    @Test
    void anInvalidRunRequestIsRejectedOnTaskEventsAndDeadLettered() throws Exception {
        String requestId = "bad-" + Ids.randomToken(8);
        Map<String, Object> request = Map.of("id", requestId, "project_id", PROJECT_A,
                "tasks", List.of(ingest("https://example.com/a.mp4", node("video", Map.of("width", 5)))));
        send(Topics.RUN_REQUESTS, requestId, JSON.writeValueAsBytes(request));

        ConsumerRecord<String, byte[]> rejected = awaitRecords(Topics.TASK_EVENTS,
                r -> requestId.equals(r.key()) && EventTypes.RUN_REJECTED.equals(header(r, "ce_type")), r -> true)
                .get(0);
        Map<?, ?> body = JSON.readValue(rejected.value(), Map.class);
        assertThat(body.get("object")).isEqualTo("run_request");
        assertThat(body.get("id")).isEqualTo(requestId);
        assertThat(body.get("project_id")).isEqualTo(PROJECT_A);
        assertThat(body.get("kind")).isEqualTo("invalid_input");
        assertThat((List<?>) body.get("errors")).singleElement().satisfies(e -> assertThat(((Map<?, ?>) e)
                .get("field")).isEqualTo("tasks[0].next[0].options.width"));
        assertThat(header(rejected, "ce_source")).isEqualTo("/projects/" + PROJECT_A);

        ConsumerRecord<String, byte[]> dead = awaitRecord(Topics.deadLetter(Topics.RUN_REQUESTS), requestId);
        assertThat(dead.value()).isEqualTo(JSON.writeValueAsBytes(request));
        assertThat(header(dead, "dead-letter-reason")).contains("invalid_input", "tasks[0].next[0].options.width");

        // unreadable records and unknown projects are rejected the same way, and the consumer goes on
        send(Topics.RUN_REQUESTS, requestId + "-junk", "{not json".getBytes(StandardCharsets.UTF_8));
        awaitRecord(Topics.deadLetter(Topics.RUN_REQUESTS), requestId + "-junk");
        ConsumerRecord<String, byte[]> junk = awaitRecord(Topics.TASK_EVENTS, requestId + "-junk"); // the record's key
        assertThat(header(junk, "ce_type")).isEqualTo(EventTypes.RUN_REJECTED);
        assertThat(new String(junk.value(), StandardCharsets.UTF_8)).contains("not a RunRequest");
        String stranger = requestId + "-stranger";
        send(Topics.RUN_REQUESTS, stranger, JSON.writeValueAsBytes(Map.of("id", stranger,
                "project_id", "prj_nosuchproject000", "tasks", List.of(ingest("https://example.com/a.mp4")))));
        ConsumerRecord<String, byte[]> unknown = awaitRecords(Topics.TASK_EVENTS, r -> stranger.equals(r.key()),
                r -> true).get(0);
        assertThat(new String(unknown.value(), StandardCharsets.UTF_8)).contains("project_id",
                "prj_nosuchproject000");
    }

    private static void assertErrors(Object body, String... fields) {
        api().body(body).post("/runs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("kind", equalTo("invalid_input"))
                .body("errors.field", containsInAnyOrder((Object[]) fields));
    }
}
