package io.spindle.gateway;

import static io.restassured.RestAssured.given;
import static io.spindle.gateway.GatewayClient.PROJECT_A;
import static io.spindle.gateway.GatewayClient.api;
import static io.spindle.gateway.GatewayClient.awaitRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.EventTypes;
import io.spindle.contract.pipeline.MediaInfo;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** POST /tasks plans and queues through the outbox; task-reports drive the read model. Real Kafka, real PostgreSQL. */
@QuarkusTest
@RealInfrastructure
class TasksApiTest {


    /** The ids of a {@code POST /tasks} video task, its run and the ingest before it. */
    record Posted(String videoId, String runId, String ingestId) {
    }

    static Posted postVideoTask(String url) {
        Response created = api().body(videoTask(url)).post("/tasks");
        created.then().statusCode(201);
        String runId = created.path("run_id");
        return new Posted(created.path("id"), runId, api().get("/runs/" + runId).path("tasks[0].id"));
    }

    static Map<String, Object> videoTask(String url) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("kind", "video");
        body.put("options", Map.of("width", 1280, "format", "mp4"));
        return body;
    }

    @Test
    void postTaskPlansTheRunAndQueuesTheIngestCommand() {
        Response created = api().body(videoTask("https://example.com/input.mp4")).post("/tasks");
        created.then().statusCode(201)
                .body("id", matchesPattern("task_[a-z0-9]{16}"))
                .body("object", equalTo("task"))
                .body("kind", equalTo("video"))
                .body("status", equalTo("queued"))
                .body("progress", equalTo(0))
                .body("options.width", equalTo(1280))
                .body("options.format", equalTo("mp4"))
                .body("run_id", matchesPattern("run_[a-z0-9]{16}"))
                .body("outputs", hasSize(0))
                .body("error", nullValue());
        String taskId = created.path("id");
        String runId = created.path("run_id");

        Response run = api().get("/runs/" + runId);
        run.then().statusCode(200).body("object", equalTo("run")).body("status", equalTo("queued"))
                .body("tasks.kind", contains("ingest", "video"))
                .body("tasks.status", contains("queued", "waiting"))
                .body("tasks[0].options.url", equalTo("https://example.com/input.mp4"))
                .body("tasks[0].inputs[0].url", equalTo("https://example.com/input.mp4"))
                .body("tasks[1].id", equalTo(taskId))
                .body("tasks[1].parent_id", equalTo(run.path("tasks[0].id").toString()));
        String ingestId = run.path("tasks[0].id");

        ConsumerRecord<String, byte[]> record = awaitRecord(Topics.INGEST_TASKS, ingestId);
        TaskCommand command = PipelineJson.read(record.value(), TaskCommand.class);
        assertThat(command.kind()).isEqualTo(TaskKind.INGEST);
        assertThat(command.projectId()).isEqualTo(PROJECT_A);
        assertThat(command.runId()).isEqualTo(runId);
        assertThat(command.options()).containsEntry("url", "https://example.com/input.mp4");
        assertThat(command.next()).singleElement().satisfies(next -> {
            assertThat(next.taskId()).isEqualTo(taskId);
            assertThat(next.kind()).isEqualTo(TaskKind.VIDEO);
            assertThat(next.options()).containsEntry("width", 1280);
            assertThat(next.next()).isEmpty();
        });
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("secret");
    }

    @Test
    void badTasksAreRejectedBeforeAnythingIsQueued() {
        int before = api().queryParam("limit", 100).get("/tasks").path("data.size()");
        assertErrors(Map.of("kind", "video"), "url");
        assertErrors(Map.of("url", "ftp://example.com/a.mp4", "kind", "video"), "url");
        assertErrors(Map.of("url", "s3://Bad_Bucket/a.mp4", "kind", "video"), "url");
        assertErrors(Map.of("url", "s3://bucket-only", "kind", "video"), "url");
        assertErrors(Map.of("url", "https://example.com/a.mp4"), "kind");
        assertErrors(Map.of("url", "https://example.com/a.mp4", "kind", "hologram"), "kind");
        assertErrors(Map.of("url", "https://example.com/a.mp4", "kind", "upload"), "kind");
        assertErrors(Map.of("url", "https://example.com/a.mp4", "kind", "video",
                "options", Map.of("width", 100000, "colour", "red")), "options.width", "options.colour");
        assertErrors(Map.of("url", "https://example.com/a.mp4", "kind", "video",
                "options", Map.of("format", "webm", "codec", "h264")), "options.codec");
        assertErrors(Map.of("url", "https://example.com/a.mp4", "kind", "audio",
                "options", Map.of("format", "wma", "start", 5, "end", 1)), "options.format", "options.end");
        assertErrors(Map.of("url", "https://example.com/a.mp4", "kind", "video", "connection_id", "con_1"),
                "connection_id");
        assertErrors(Map.of("url", "https://example.com/a.mp4", "kind", "video",
                "destination", "https://my-bucket.example.com/out.mp4"), "destination");
        assertErrors(Map.of("url", "https://example.com/a.mp4", "kind", "video", "destination", "s3://bucket"),
                "destination");
        api().body(Map.of("url", "https://example.com/a.mp4", "kind", "video", "webhook", "x")).post("/tasks")
                .then().statusCode(400).body("errors[0].field", equalTo("webhook"));
        api().body(Map.of("url", "https://example.com/a.mp4", "kind", "video", "options", "wide")).post("/tasks")
                .then().statusCode(400).body("errors[0].field", equalTo("options"));
        int after = api().queryParam("limit", 100).get("/tasks").path("data.size()");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void eventsDriveTheTaskAndRunThroughToSuccess() {
        Posted posted = postVideoTask("https://example.com/in.mp4");
        String videoId = posted.videoId();
        String runId = posted.runId();
        String ingestId = posted.ingestId();

        publish(event(runId, ingestId, TaskKind.INGEST, TaskStatus.PROCESSING, 10, List.of(), null));
        await().untilAsserted(() -> api().get("/tasks/" + ingestId).then().body("status", equalTo("processing"))
                .body("progress", equalTo(10)));
        api().get("/tasks/" + videoId).then().body("status", equalTo("processing"));

        Artifact ingested = new Artifact("s3://spindle-work/" + PROJECT_A + "/" + runId + "/" + ingestId + "/input.mp4",
                null, "input.mp4", "video/mp4", 1000L, null,
                new MediaInfo("mov,mp4,m4a,3gp,3g2,mj2", 10.0, 1920, 1080, 30.0, "h264", "aac", 2, 48000, 800L, 1000L));
        publish(event(runId, ingestId, TaskKind.INGEST, TaskStatus.SUCCEEDED, 100, List.of(ingested), null));
        await().untilAsserted(() -> api().get("/runs/" + runId).then().body("tasks.status",
                contains("succeeded", "queued")));
        api().get("/runs/" + runId).then().body("tasks[1].inputs[0].url", equalTo(ingested.url()))
                .body("tasks[1].inputs[0].media.width", equalTo(1920))
                .body("tasks[0].outputs[0].media.video_codec", equalTo("h264"));

        publish(event(runId, videoId, TaskKind.VIDEO, TaskStatus.PROCESSING, 40, List.of(), null));
        publish(event(runId, videoId, TaskKind.VIDEO, TaskStatus.PROCESSING, 20, List.of(), null)); // stale
        await().untilAsserted(() -> api().get("/runs/" + runId).then().body("tasks[1].progress", equalTo(40))
                .body("tasks[1].status", equalTo("processing")).body("tasks[1].attempts", equalTo(1))
                .body("progress", equalTo(70)));

        // the worker drains and hands the task back; another delivery starts attempt 2 from the beginning
        publish(event(runId, videoId, TaskKind.VIDEO, TaskStatus.QUEUED, 1, null, List.of(), null));
        await().untilAsserted(() -> api().get("/runs/" + runId).then().body("tasks[1].status", equalTo("queued"))
                .body("tasks[1].attempts", equalTo(1)).body("tasks[1].progress", equalTo(0)));
        publish(event(runId, videoId, TaskKind.VIDEO, TaskStatus.PROCESSING, 1, 60, List.of(), null)); // stale
        publish(event(runId, videoId, TaskKind.VIDEO, TaskStatus.PROCESSING, 2, 0, List.of(), null));
        publish(event(runId, videoId, TaskKind.VIDEO, TaskStatus.PROCESSING, 2, 10, List.of(), null));
        publish(event(runId, videoId, TaskKind.VIDEO, TaskStatus.QUEUED, 1, null, List.of(), null)); // stale
        await().untilAsserted(() -> api().get("/runs/" + runId).then().body("tasks[1].status", equalTo("processing"))
                .body("tasks[1].attempts", equalTo(2)).body("tasks[1].progress", equalTo(10)));
        api().get("/tasks/" + videoId).then().body("attempts", equalTo(2)); // the task that stands for the run

        Artifact output = new Artifact("s3://spindle-work/x/output.mp4", null, "output.mp4", "video/mp4", 500L, null,
                null);
        TaskReport done = event(runId, videoId, TaskKind.VIDEO, TaskStatus.SUCCEEDED, 2, 100, List.of(output), null);
        publish(done);
        publish(done); // a redelivery changes nothing
        await().untilAsserted(() -> api().get("/tasks/" + videoId).then().body("status", equalTo("succeeded"))
                .body("progress", equalTo(100)).body("attempts", equalTo(2)).body("outputs[0].url", equalTo(output.url()))
                .body("finished_at", org.hamcrest.Matchers.notNullValue()));
        api().get("/runs/" + runId).then().body("status", equalTo("succeeded")).body("progress", equalTo(100))
                .body("finished_at", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void taskEventsAreCloudEventsCarryingWhatTheApiReturns() throws Exception {
        Posted posted = postVideoTask("https://example.com/events.mp4");
        String videoId = posted.videoId();
        String runId = posted.runId();
        String ingestId = posted.ingestId();
        publish(event(runId, ingestId, TaskKind.INGEST, TaskStatus.PROCESSING, 30, List.of(), null));
        publish(event(runId, ingestId, TaskKind.INGEST, TaskStatus.SUCCEEDED, 100, List.of(new Artifact(
                "s3://spindle-work/i.mp4", null, "i.mp4", "video/mp4", 10L, null, null)), null));
        publish(event(runId, videoId, TaskKind.VIDEO, TaskStatus.SUCCEEDED, 100, List.of(new Artifact(
                "s3://spindle-work/o.mp4", null, "o.mp4", "video/mp4", 5L, null, null)), null));

        List<ConsumerRecord<String, byte[]>> events = GatewayClient.awaitRecords(Topics.TASK_EVENTS,
                r -> runId.equals(r.key()), r -> EventTypes.RUN_SUCCEEDED.equals(GatewayClient.header(r, "ce_type")));
        assertThat(events).extracting(r -> GatewayClient.header(r, "ce_type") + " " + GatewayClient.header(r,
                "ce_subject")).containsExactly(
                "run.created " + runId, "task.created " + ingestId, "task.created " + videoId,
                // the ingest is processing; the video task stands for the run, which has started
                "task.updated " + ingestId, "task.updated " + videoId, "run.updated " + runId,
                "task.succeeded " + ingestId, "task.updated " + videoId, // the video task queued with its input
                "task.succeeded " + videoId, "run.succeeded " + runId);
        for (ConsumerRecord<String, byte[]> r : events) {
            assertThat(GatewayClient.header(r, "ce_specversion")).isEqualTo("1.0");
            assertThat(GatewayClient.header(r, "ce_id")).matches("evt_[a-z0-9]{16}");
            assertThat(GatewayClient.header(r, "ce_source")).isEqualTo("/projects/" + PROJECT_A);
            assertThat(GatewayClient.header(r, "ce_time")).isNotBlank();
            assertThat(GatewayClient.header(r, "content-type")).isEqualTo("application/json");
        }
        assertThat(events).extracting(r -> GatewayClient.header(r, "ce_id")).doesNotHaveDuplicates();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readValue(events.get(events.size() - 2).value(), Map.class))
                .isEqualTo(json.readValue(api().get("/tasks/" + videoId).asByteArray(), Map.class));
        assertThat(json.readValue(events.get(events.size() - 1).value(), Map.class))
                .isEqualTo(json.readValue(api().get("/runs/" + runId).asByteArray(), Map.class));

        // GET /events: the same events, under the same ids, with the records' values as data
        List<String> ids = events.stream().map(r -> GatewayClient.header(r, "ce_id")).toList();
        io.restassured.path.json.JsonPath oldestFirst = api().queryParam("run_id", runId).queryParam("order", "asc")
                .get("/events").then().statusCode(200).extract().jsonPath();
        assertThat(oldestFirst.getList("data.id", String.class)).containsExactlyElementsOf(ids);
        assertThat(oldestFirst.getList("data.kind", String.class)).containsExactlyElementsOf(events.stream()
                .map(r -> GatewayClient.header(r, "ce_type")).toList());
        assertThat(oldestFirst.getList("data.object", String.class)).containsOnly("event");
        List<String> newestFirst = api().queryParam("run_id", runId).get("/events").then().statusCode(200)
                .extract().jsonPath().getList("data.id", String.class);
        List<String> reversed = new java.util.ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        assertThat(newestFirst).containsExactlyElementsOf(reversed);
        ConsumerRecord<String, byte[]> last = events.get(events.size() - 1);
        Map<?, ?> one = json.readValue(api().get("/events/" + GatewayClient.header(last, "ce_id")).then()
                .statusCode(200).extract().asByteArray(), Map.class);
        assertThat(one.get("data")).isEqualTo(json.readValue(last.value(), Map.class));
        assertThat((String) one.get("created_at")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        // pages: two at a time after the first, back with before
        io.restassured.path.json.JsonPath first = api().queryParam("run_id", runId).queryParam("order", "asc")
                .queryParam("limit", 2).get("/events").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("data.id", String.class)).containsExactlyElementsOf(ids.subList(0, 2));
        assertThat(first.getBoolean("has_more")).isTrue();
        io.restassured.path.json.JsonPath second = api().queryParam("run_id", runId).queryParam("order", "asc")
                .queryParam("limit", 2).queryParam("after", first.getString("next_cursor")).get("/events").then()
                .statusCode(200).extract().jsonPath();
        assertThat(second.getList("data.id", String.class)).containsExactlyElementsOf(ids.subList(2, 4));
        assertThat(api().queryParam("run_id", runId).queryParam("order", "asc").queryParam("limit", 2)
                .queryParam("before", ids.get(4)).get("/events").then().statusCode(200).extract().jsonPath()
                .getList("data.id", String.class)).containsExactlyElementsOf(ids.subList(2, 4));
        assertThat(api().queryParam("task_id", videoId).queryParam("kind", "task.succeeded").get("/events").then()
                .statusCode(200).extract().jsonPath().getList("data.id", String.class))
                .containsExactly(GatewayClient.header(events.get(events.size() - 2), "ce_id"));
        api().queryParam("kind", "task.exploded").get("/events").then().statusCode(400).body("errors[0].field",
                equalTo("kind"));
        api().get("/events/evt_0000000000000000").then().statusCode(404);
        GatewayClient.otherProject().get("/events/" + ids.get(0)).then().statusCode(404);
    }

    @Test
    void aFailedTaskCancelsWhatComesAfterItAndFailsTheRun() {
        Posted posted = postVideoTask("https://example.com/missing.mp4");
        String videoId = posted.videoId();
        String runId = posted.runId();
        String ingestId = posted.ingestId();

        publish(event(runId, ingestId, TaskKind.INGEST, TaskStatus.FAILED, null, List.of(),
                new TaskError("input_not_found", "https://example.com/missing.mp4 answered 404 Not Found.")));
        await().untilAsserted(() -> api().get("/runs/" + runId).then().body("status", equalTo("failed"))
                .body("tasks.status", contains("failed", "cancelled"))
                .body("error.kind", equalTo("input_not_found")));
        api().get("/tasks/" + videoId).then().body("status", equalTo("failed"))
                .body("error.kind", equalTo("input_not_found"))
                .body("error.message", org.hamcrest.Matchers.containsString("404"));
        api().get("/runs/" + runId).then().body("tasks[1].error.kind", equalTo("cancelled"));

        // a late success for the cancelled task does not resurrect it
        publish(event(runId, videoId, TaskKind.VIDEO, TaskStatus.SUCCEEDED, 100, List.of(), null));
        publish(event(runId, ingestId, TaskKind.INGEST, TaskStatus.SUCCEEDED, 100, List.of(), null));
        Posted marker = postVideoTask("https://example.com/marker.mp4");
        publish(event(marker.runId(), marker.ingestId(), TaskKind.INGEST, TaskStatus.PROCESSING, 5, List.of(), null));
        await().untilAsserted(() -> api().get("/tasks/" + marker.ingestId()).then()
                .body("status", equalTo("processing")));
        api().get("/runs/" + runId).then().body("tasks.status", contains("failed", "cancelled"));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String poisonKey = "poison-" + Ids.randomToken(8);
        GatewayClient.sharedProducer().send(new ProducerRecord<>(Topics.TASK_REPORTS, poisonKey,
                "{not json".getBytes(StandardCharsets.UTF_8)));
        GatewayClient.sharedProducer().send(new ProducerRecord<>(Topics.TASK_REPORTS, poisonKey + "-b",
                "{\"schema_version\":1,\"status\":\"exploded\"}".getBytes(StandardCharsets.UTF_8)));
        GatewayClient.sharedProducer().flush();
        ConsumerRecord<String, byte[]> dead = awaitRecord(Topics.deadLetter(Topics.TASK_REPORTS), poisonKey);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(dead.headers().lastHeader("dead-letter-reason")).isNotNull();
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("not a TaskReport");
        awaitRecord(Topics.deadLetter(Topics.TASK_REPORTS), poisonKey + "-b");

        Posted after = postVideoTask("https://example.com/after-poison.mp4");
        publish(event(after.runId(), after.ingestId(), TaskKind.INGEST, TaskStatus.PROCESSING, 50, List.of(), null));
        await().untilAsserted(() -> api().get("/tasks/" + after.ingestId()).then().body("progress", equalTo(50)));
    }

    @Test
    void tasksAreListedFilteredAndIsolated() {
        String first = api().body(videoTask("https://example.com/1.mp4")).post("/tasks").path("id");
        String second = api().body(videoTask("https://example.com/2.mp4")).post("/tasks").path("id");
        api().queryParam("kind", "video").queryParam("limit", 1).get("/tasks").then().statusCode(200)
                .body("object", equalTo("list")).body("data[0].id", equalTo(second)).body("has_more", equalTo(true))
                .body("next_cursor", equalTo(second));
        api().queryParam("kind", "video").queryParam("limit", 1).queryParam("after", second).get("/tasks").then()
                .body("data[0].id", equalTo(first));
        api().queryParam("kind", "ingest").queryParam("status", "queued").get("/tasks").then().statusCode(200)
                .body("data.kind", org.hamcrest.Matchers.everyItem(equalTo("ingest")));
        api().queryParam("status", "exploded").get("/tasks").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        api().queryParam("kind", "hologram").get("/tasks").then().statusCode(400);
        api().get("/tasks/nope").then().statusCode(400).body("errors[0].field", equalTo("id"));
        api().get("/tasks/task_0000000000000000").then().statusCode(404).body("kind", equalTo("not_found"));
        api().get("/runs/run_0000000000000000").then().statusCode(404);

        String runId = api().get("/tasks/" + first).path("run_id");
        given().header("Authorization", "Bearer test-key-b-0123456789abcdefghij").get("/tasks/" + first).then()
                .statusCode(404);
        given().header("Authorization", "Bearer test-key-b-0123456789abcdefghij").get("/runs/" + runId).then()
                .statusCode(404);
        given().header("Authorization", "Bearer test-key-b-0123456789abcdefghij").get("/tasks").then()
                .statusCode(200).body("data.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItems(first)))
                .body("data.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItems(second)));
    }

    @Test
    void aFieldGivenTwiceIsRefused() {
        api().body("{\"url\": \"https://example.com/a.mp4\", \"kind\": \"video\", \"kind\": \"audio\"}")
                .post("/tasks").then().statusCode(400).contentType("application/problem+json")
                .body("kind", equalTo("invalid_input")).body("errors[0].field", equalTo("kind"))
                .body("errors[0].message", equalTo("appears more than once; give each field once"));
    }

    // ------------------------------------------------------------------------------------------------------

    private static void assertErrors(Map<String, Object> body, String... fields) {
        api().body(body).post("/tasks").then().statusCode(400)
                .contentType("application/problem+json")
                .body("kind", equalTo("invalid_input"))
                .body("errors.field", containsInAnyOrder((Object[]) fields));
    }

    private static TaskReport event(String runId, String taskId, TaskKind kind, TaskStatus status, Integer progress,
            List<Artifact> outputs, TaskError error) {
        return GatewayClient.report(runId, taskId, kind, status, 1, progress, outputs, error);
    }

    private static TaskReport event(String runId, String taskId, TaskKind kind, TaskStatus status, int attempt,
            Integer progress, List<Artifact> outputs, TaskError error) {
        return GatewayClient.report(runId, taskId, kind, status, attempt, progress, outputs, error);
    }

    private static void publish(TaskReport event) {
        GatewayClient.publish(event);
    }
}
