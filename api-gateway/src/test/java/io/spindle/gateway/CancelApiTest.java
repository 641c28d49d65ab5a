package io.spindle.gateway;

import static io.spindle.gateway.GatewayClient.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.EventTypes;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCancellation;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** POST /tasks/{id}/cancel and POST /runs/{id}/cancel against the read model, real Kafka and PostgreSQL. */
@QuarkusTest
@RealInfrastructure
class CancelApiTest {


    @Test
    void cancellingTheTaskOfPostTasksCancelsItsRunAndTellsTheWorkers() {
        TasksApiTest.Posted posted = TasksApiTest.postVideoTask("https://example.com/cancelled.mp4");
        GatewayClient.publish(GatewayClient.report(posted.runId(), posted.ingestId(), TaskKind.INGEST,
                TaskStatus.PROCESSING, 1, 40, List.of(), null));
        await().untilAsserted(() -> api().get("/tasks/" + posted.ingestId()).then().body("status",
                equalTo("processing")));

        String key = "cancel-" + Ids.randomToken(8);
        api().header("Idempotency-Key", key).post("/tasks/" + posted.videoId() + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled")).body("error.kind", equalTo("cancelled"));
        api().get("/runs/" + posted.runId()).then().body("status", equalTo("cancelled"))
                .body("tasks.status", contains("cancelled", "cancelled"))
                .body("tasks[0].error.message", equalTo("Cancelled by request."));

        ConsumerRecord<String, byte[]> broadcast = GatewayClient.awaitRecord(Topics.TASK_CANCELLATIONS,
                posted.runId());
        TaskCancellation cancellation = PipelineJson.read(broadcast.value(), TaskCancellation.class);
        assertThat(cancellation.taskIds()).containsExactly(posted.ingestId(), posted.videoId());
        assertThat(cancellation.projectId()).isEqualTo(GatewayClient.PROJECT_A);
        List<String> kinds = GatewayClient.awaitRecords(Topics.TASK_EVENTS, r -> posted.runId().equals(r.key()),
                r -> EventTypes.RUN_CANCELLED.equals(GatewayClient.header(r, "ce_type"))).stream()
                .map(r -> GatewayClient.header(r, "ce_type") + " " + GatewayClient.header(r, "ce_subject")).toList();
        assertThat(kinds).endsWith("task.cancelled " + posted.ingestId(), "task.cancelled " + posted.videoId(),
                "run.cancelled " + posted.runId());

        // the same call again answers the same; another is a conflict
        api().header("Idempotency-Key", key).post("/tasks/" + posted.videoId() + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
        api().post("/tasks/" + posted.videoId() + "/cancel").then().statusCode(409)
                .body("kind", equalTo("task_finished"));
        api().post("/runs/" + posted.runId() + "/cancel").then().statusCode(409).body("kind", equalTo("run_finished"));

        // the worker's late success changes nothing
        GatewayClient.publish(GatewayClient.report(posted.runId(), posted.ingestId(), TaskKind.INGEST,
                TaskStatus.SUCCEEDED, 1, 100, List.of(), null));
        TasksApiTest.Posted marker = TasksApiTest.postVideoTask("https://example.com/cancel-marker.mp4");
        GatewayClient.publish(GatewayClient.report(marker.runId(), marker.ingestId(), TaskKind.INGEST,
                TaskStatus.PROCESSING, 1, 5, List.of(), null));
        await().untilAsserted(() -> api().get("/tasks/" + marker.ingestId()).then().body("status",
                equalTo("processing")));
        api().get("/runs/" + posted.runId()).then().body("tasks.status", contains("cancelled", "cancelled"));
    }

    @Test
    void cancellingOneBranchCancelsWhatIsBelowItAndTheRunEndsCancelled() {
        Map<String, Object> tree = Map.of("tasks", List.of(Map.of("kind", "ingest", "options",
                Map.of("url", "https://example.com/branches.mp4"), "next", List.of(
                        Map.of("kind", "video", "options", Map.of("width", 640, "format", "mp4")),
                        Map.of("kind", "audio", "options", Map.of("format", "mp3"))))));
        JsonPath run = api().body(tree).post("/runs").then().statusCode(201).extract().jsonPath();
        String runId = run.getString("id");
        String ingest = run.getString("tasks[0].id");
        String video = run.getString("tasks[1].id");
        String audio = run.getString("tasks[2].id");

        api().post("/tasks/" + video + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));
        api().get("/runs/" + runId).then().body("status", equalTo("processing")) // a task of it has ended
                .body("tasks.status", contains("queued", "cancelled", "waiting"));
        assertThat(PipelineJson.read(GatewayClient.awaitRecord(Topics.TASK_CANCELLATIONS, runId).value(),
                TaskCancellation.class).taskIds()).containsExactly(video);

        Artifact out = new Artifact("s3://spindle-work/x", null, "x", "audio/mpeg", 1L, null, null);
        GatewayClient.publish(GatewayClient.report(runId, ingest, TaskKind.INGEST, TaskStatus.SUCCEEDED, 1,
                100, List.of(out), null));
        await().untilAsserted(() -> api().get("/runs/" + runId).then()
                .body("tasks.status", contains("succeeded", "cancelled", "queued")));
        GatewayClient.publish(GatewayClient.report(runId, audio, TaskKind.AUDIO, TaskStatus.SUCCEEDED, 1,
                100, List.of(out), null));
        await().untilAsserted(() -> api().get("/runs/" + runId).then().body("status", equalTo("cancelled"))
                .body("error.kind", equalTo("cancelled")));
    }

    @Test
    void cancellingARunCancelsEveryUnfinishedTask() {
        TasksApiTest.Posted posted = TasksApiTest.postVideoTask("https://example.com/run-cancelled.mp4");
        api().post("/runs/" + posted.runId() + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"))
                .body("tasks.status", contains("cancelled", "cancelled"));
        api().get("/tasks/" + posted.videoId()).then().body("status", equalTo("cancelled"));
        api().post("/runs/run_0000000000000000/cancel").then().statusCode(404);
        api().post("/runs/nope/cancel").then().statusCode(400);
        GatewayClient.otherProject().post("/tasks/" + posted.videoId() + "/cancel").then().statusCode(404);
    }
}
