package io.spindle.gateway;

import static io.spindle.gateway.GatewayClient.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import io.spindle.gateway.webhooks.WebhookDispatcher;
import io.spindle.outbound.testing.RecordingReceiver;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Webhook endpoints and deliveries, against a receiver on loopback (allowed in the test profile). Signatures are
 * checked with the reference Standard Webhooks library, not with the code that signs.
 */
@QuarkusTest
@RealInfrastructure
class WebhooksApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebhookDispatcher dispatcher;

    record Endpoint(String id, String secret) {
    }

    /** Deletes the endpoint, so that later tests' events are not delivered to a receiver that has gone. */
    static void delete(Endpoint endpoint) {
        api().delete("/webhooks/endpoints/" + endpoint.id()).then().statusCode(204);
    }

    static Endpoint create(String url, List<String> topics) {
        JsonPath created = api().body(Map.of("url", url, "topics", topics)).post("/webhooks/endpoints").then()
                .statusCode(201).body("object", equalTo("webhook_endpoint")).body("enabled", equalTo(true))
                .body("secret", matchesPattern("whsec_[A-Za-z0-9+/]{43}=")).extract().jsonPath();
        return new Endpoint(created.getString("id"), created.getString("secret"));
    }

    @Test
    void aReceiverGetsExactlyTheEventsItSubscribedToSignedPerStandardWebhooks() throws Exception {
        try (RecordingReceiver receiver = new RecordingReceiver()) {
            Endpoint endpoint = create(receiver.url(), List.of("run.succeeded", "task.failed"));
            api().get("/webhooks/endpoints/" + endpoint.id()).then().statusCode(200).body("secret", nullValue())
                    .body("topics", org.hamcrest.Matchers.contains("run.succeeded", "task.failed"));

            TasksApiTest.Posted ok = TasksApiTest.postVideoTask("https://example.com/hooked.mp4");
            succeed(ok);
            TasksApiTest.Posted bad = TasksApiTest.postVideoTask("https://example.com/hooked-missing.mp4");
            GatewayClient.publish(GatewayClient.report(bad.runId(), bad.ingestId(), TaskKind.INGEST,
                    TaskStatus.FAILED, 1, null, List.of(), new TaskError("input_not_found", "404")));

            List<String> expected = List.of(eventIds(ok.runId(), "run.succeeded"), eventIds(bad.runId(), "task.failed"))
                    .stream().flatMap(List::stream).toList();
            assertThat(expected).hasSize(3); // run.succeeded; task.failed for the ingest and the task standing for its run
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.size() >= 3);
            Thread.sleep(1000); // nothing more comes: one delivery per event, answered 200
            assertThat(receiver.received).extracting(r -> r.header("webhook-id"))
                    .containsExactlyInAnyOrderElementsOf(expected);
            Webhook verifier = new Webhook(endpoint.secret());
            for (RecordingReceiver.Received r : receiver.received) {
                verifier.verify(r.text(), r.headers()); // throws unless the signature and timestamp are right
                assertThat(r.header("webhook-signature")).startsWith("v1,");
                assertThat(r.header("content-type")).startsWith("application/json");
                assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(api().get("/events/"
                        + r.header("webhook-id")).then().statusCode(200).extract().asByteArray()));
            }
            // the signature is over this very body: another body fails the reference verifier
            RecordingReceiver.Received first = receiver.received.get(0);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(first.text() + " ",
                    first.headers())).isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
            JsonPath deliveries = api().get("/webhooks/endpoints/" + endpoint.id() + "/deliveries").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(deliveries.getList("data.status", String.class)).containsOnly("succeeded").hasSize(3);
            assertThat(deliveries.getList("data.attempt_count", Integer.class)).containsOnly(1);
            delete(endpoint);
        }
    }

    @Test
    void aReceiverAnswering500TwiceGetsTheEventThreeTimesWithOneIdAndTheAttemptsAreListed() throws Exception {
        try (RecordingReceiver receiver = new RecordingReceiver(500, 500)) {
            Endpoint endpoint = create(receiver.url(), List.of("run.created"));
            TasksApiTest.Posted posted = TasksApiTest.postVideoTask("https://example.com/retried.mp4");
            String eventId = eventIds(posted.runId(), "run.created").get(0);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.size() >= 3);
            assertThat(receiver.received).extracting(r -> r.header("webhook-id")).containsOnly(eventId).hasSize(3);
            assertThat(receiver.received).extracting(r -> JSON.readTree(r.body())).containsOnly(
                    JSON.readTree(receiver.received.get(0).body()));
            Webhook verifier = new Webhook(endpoint.secret());
            for (RecordingReceiver.Received r : receiver.received) {
                verifier.verify(r.text(), r.headers());
            }
            JsonPath delivery = await().atMost(Duration.ofSeconds(10)).until(() -> api().get("/webhooks/endpoints/"
                    + endpoint.id() + "/deliveries").then().statusCode(200).extract().jsonPath().setRootPath("data[0]"),
                    d -> "succeeded".equals(d.getString("status")));
            assertThat(delivery.getString("event_id")).isEqualTo(eventId);
            assertThat(delivery.getInt("attempt_count")).isEqualTo(3);
            assertThat(delivery.getList("attempts.response_code", Integer.class)).containsExactly(500, 500, 200);
            assertThat(delivery.getList("attempts.succeeded", Boolean.class)).containsExactly(false, false, true);
            assertThat(delivery.getList("attempts.duration_ms", Integer.class)).allMatch(ms -> ms >= 0);
            assertThat(delivery.getString("next_attempt_at")).isNull();

            // sent again on demand: the same id and body, a fourth attempt
            api().post("/webhooks/endpoints/" + endpoint.id() + "/deliveries/" + delivery.getString("id") + "/resend")
                    .then().statusCode(200).body("status", equalTo("pending"));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() >= 4);
            assertThat(receiver.received.get(3).header("webhook-id")).isEqualTo(eventId);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> api().get("/webhooks/endpoints/"
                    + endpoint.id() + "/deliveries").then().body("data[0].attempt_count", equalTo(4)));
            delete(endpoint);
        }
    }

    @Test
    void oneEventIsNeverSentToOneEndpointTwiceAtOnceHoweverManyDispatchersTry() throws Throwable {
        try (RecordingReceiver receiver = new RecordingReceiver(500).answeringAfter(Duration.ofMillis(1500))) {
            Endpoint endpoint = create(receiver.url(), List.of("run.created"));
            TasksApiTest.postVideoTask("https://example.com/contended.mp4");
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.mostAtOnce() >= 1);
            // while the slow answer is awaited, more dispatchers (as other replicas would) look for due deliveries
            for (int i = 0; i < 5; i++) {
                VertxContextSupport.subscribeAndAwait(() -> dispatcher.dispatchDue());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.size() >= 2); // the retry after 500
            assertThat(receiver.mostAtOnce()).as("requests for the one delivery at once").isEqualTo(1);
            assertThat(receiver.received).extracting(r -> r.header("webhook-id")).containsOnly(
                    receiver.received.get(0).header("webhook-id"));
            delete(endpoint);
        }
    }

    @Test
    void aRotatedSecretSignsWithTheNewAndTheOldOneUntilTheOldExpires() throws Exception {
        try (RecordingReceiver receiver = new RecordingReceiver()) {
            Endpoint endpoint = create(receiver.url(), List.of("run.created"));
            String rotated = api().post("/webhooks/endpoints/" + endpoint.id() + "/rotate-secret").then()
                    .statusCode(200).extract().path("secret");
            assertThat(rotated).startsWith("whsec_").isNotEqualTo(endpoint.secret());
            TasksApiTest.postVideoTask("https://example.com/rotated.mp4");
            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received.isEmpty());
            RecordingReceiver.Received r = receiver.received.get(0);
            assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
            new Webhook(rotated).verify(r.text(), r.headers());
            new Webhook(endpoint.secret()).verify(r.text(), r.headers());
            delete(endpoint);
        }
    }

    @Test
    void anEndpointFailingForTheConfiguredTimeIsDisabledWithAnEvent() throws Exception {
        try (RecordingReceiver receiver = new RecordingReceiver(500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500,
                500, 500, 500, 500, 500, 500, 500, 500, 500)) {
            Endpoint endpoint = create(receiver.url(), List.of("*"));
            TasksApiTest.postVideoTask("https://example.com/always-failing.mp4");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get("/webhooks/endpoints/"
                    + endpoint.id()).then().body("enabled", equalTo(false))
                    .body("disabled_reason", org.hamcrest.Matchers.containsString("Every delivery attempt failed")));
            JsonPath events = api().queryParam("kind", "webhook_endpoint.disabled").get("/events").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(events.getList("data.data.id", String.class)).contains(endpoint.id());
            List<Map<String, Object>> disabled = events.getList("data.data");
            assertThat(disabled).filteredOn(e -> endpoint.id().equals(e.get("id")))
                    .extracting(e -> e.get("topics")).containsExactly(List.of("*"));
            int seen = receiver.received.size();
            Thread.sleep(1500);
            assertThat(receiver.received).as("nothing is sent to a disabled endpoint").hasSize(seen);
            delete(endpoint);
        }
    }

    @Test
    void endpointsAreValidatedIdempotentAndOnlyTheirProjects() throws Exception {
        api().body(Map.of("url", "ftp://example.com/x", "topics", List.of("run.created"))).post("/webhooks/endpoints")
                .then().statusCode(400).body("errors[0].field", equalTo("url"));
        api().body(Map.of("url", "https://example.com/x", "topics", List.of("run.exploded")))
                .post("/webhooks/endpoints").then().statusCode(400).body("errors[0].field", equalTo("topics[0]"));
        api().body(Map.of("url", "https://example.com/x")).post("/webhooks/endpoints").then().statusCode(400)
                .body("errors[0].field", equalTo("topics"));
        // loopback other than the allowed 127.0.0.1: refused by the address policy, with what would allow it
        api().body(Map.of("url", "http://127.0.0.2:9/x", "topics", List.of("*"))).post("/webhooks/endpoints").then()
                .statusCode(400).body("kind", equalTo("forbidden_address")).body("errors[0].field", equalTo("url"))
                .body("detail", org.hamcrest.Matchers.containsString("spindle.outbound.allow"));

        String key = "hook-" + Ids.randomToken(8);
        Map<String, Object> body = Map.of("url", "http://127.0.0.1:9/idempotent", "topics", List.of("run.created"));
        JsonPath first = api().header("Idempotency-Key", key).body(body).post("/webhooks/endpoints").then()
                .statusCode(201).extract().jsonPath();
        JsonPath again = api().header("Idempotency-Key", key).body(body).post("/webhooks/endpoints").then()
                .statusCode(200).extract().jsonPath();
        assertThat(again.getString("id")).isEqualTo(first.getString("id"));
        assertThat(again.getString("secret")).isEqualTo(first.getString("secret"));

        String id = first.getString("id");
        api().body(Map.of("topics", List.of("task.failed"), "enabled", false)).patch("/webhooks/endpoints/" + id)
                .then().statusCode(200).body("topics", org.hamcrest.Matchers.contains("task.failed"))
                .body("enabled", equalTo(false)).body("url", equalTo("http://127.0.0.1:9/idempotent"));
        GatewayClient.otherProject().get("/webhooks/endpoints/" + id).then().statusCode(404);
        api().get("/webhooks/endpoints/whe_0000000000000000").then().statusCode(404);
        api().get("/webhooks/endpoints/nope").then().statusCode(400);
        assertThat(api().get("/webhooks/endpoints").then().statusCode(200).extract().jsonPath()
                .getList("data.id", String.class)).contains(id);
        api().delete("/webhooks/endpoints/" + id).then().statusCode(204);
        api().get("/webhooks/endpoints/" + id).then().statusCode(404);
    }

    @Test
    void aRecordOnTaskEventsThatIsNotASpindleEventIsDeadLettered() {
        String key = "not-an-event-" + Ids.randomToken(8);
        GatewayClient.send(Topics.TASK_EVENTS, key, "{}".getBytes());
        assertThat(GatewayClient.header(GatewayClient.awaitRecord(Topics.deadLetter(Topics.TASK_EVENTS), key),
                "dead-letter-reason")).contains("not a Spindle event");
    }

    private static void succeed(TasksApiTest.Posted posted) {
        GatewayClient.publish(GatewayClient.report(posted.runId(), posted.ingestId(), TaskKind.INGEST,
                TaskStatus.SUCCEEDED, 1, 100, List.of(new Artifact("s3://spindle-work/i.mp4", null, "i.mp4",
                        "video/mp4", 10L, null, null)), null));
        GatewayClient.publish(GatewayClient.report(posted.runId(), posted.videoId(), TaskKind.VIDEO,
                TaskStatus.SUCCEEDED, 1, 100, List.of(new Artifact("s3://spindle-work/o.mp4", null, "o.mp4",
                        "video/mp4", 5L, null, null)), null));
    }

    /** The ids of the run's events of a kind, once the gateway has recorded at least one. */
    private static List<String> eventIds(String runId, String kind) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> api().queryParam("run_id", runId)
                .queryParam("kind", kind).queryParam("order", "asc").get("/events").then().statusCode(200).extract()
                .jsonPath().getList("data.id", String.class), ids -> !ids.isEmpty());
    }
}
