package io.spindle.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.spindle.contract.pipeline.EventTypes;
import io.spindle.contract.pipeline.RunRequest;
import io.spindle.contract.pipeline.Topics;
import io.spindle.gateway.rest.RunView;
import io.spindle.gateway.rest.TaskView;
import io.spindle.gateway.service.RunRejection;
import io.spindle.gateway.webhooks.WebhookEndpointView;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The documents the gateway serves: AsyncAPI for the topics, event types and objects it really uses; OpenAPI
 * for the runs, webhooks, events and cancel endpoints.
 */
@QuarkusTest
@RealInfrastructure
class ApiDocumentsTest {

    @Test
    void theOpenApiDocumentDescribesRuns() throws Exception {
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(given().queryParam("format", "json")
                .get("/q/openapi").then().statusCode(200).extract().asString());
        JsonNode post = doc.at("/paths/~1runs/post");
        assertThat(post.at("/responses/201/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/RunView");
        assertThat(post.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/RunView");
        assertThat(post.path("parameters").findValuesAsText("name")).contains("Idempotency-Key");
        assertThat(doc.at("/paths/~1runs/get").isMissingNode()).isFalse();
        assertThat(doc.at("/paths/~1runs~1{id}/get").isMissingNode()).isFalse();
        assertThat(doc.at("/paths/~1tasks/post/responses/201/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/TaskView");
        // webhooks, events, cancel
        assertThat(doc.at("/paths/~1webhooks~1endpoints/post/responses/201/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/WebhookEndpoint");
        assertThat(doc.at("/paths/~1webhooks~1endpoints/post").path("parameters").findValuesAsText("name"))
                .contains("Idempotency-Key");
        for (String path : List.of("/webhooks/endpoints/{id}", "/webhooks/endpoints/{id}/rotate-secret",
                "/webhooks/endpoints/{id}/deliveries", "/webhooks/endpoints/{id}/deliveries/{deliveryId}/resend",
                "/events", "/events/{id}", "/tasks/{id}/cancel", "/runs/{id}/cancel")) {
            assertThat(doc.path("paths").has(path)).as(path).isTrue();
        }
        assertThat(doc.at("/paths/~1tasks~1{id}~1cancel/post").path("parameters").findValuesAsText("name"))
                .contains("Idempotency-Key");
        assertThat(doc.at("/paths/~1tasks~1{id}~1cancel/post/responses").has("409")).isTrue();
        // (names compared without case and underscores: making the whole document snake_case is issue 14's)
        List<String> eventFields = new ArrayList<>();
        doc.at("/components/schemas/Event/properties").fieldNames().forEachRemaining(f -> eventFields.add(bare(f)));
        assertThat(eventFields).containsExactlyInAnyOrder("id", "object", "kind", "data", "createdat");
        List<String> deliveryFields = new ArrayList<>();
        doc.at("/components/schemas/WebhookDelivery/properties").fieldNames()
                .forEachRemaining(f -> deliveryFields.add(bare(f)));
        assertThat(deliveryFields).contains("status", "attempts", "nextattemptat", "eventid");
        List<String> nodeFields = new ArrayList<>();
        doc.at("/components/schemas/Node/properties").fieldNames().forEachRemaining(nodeFields::add);
        assertThat(nodeFields).containsExactlyInAnyOrder("kind", "options", "next");
    }

    @Test
    void theDocumentMatchesTheTopicsEventsAndObjects() throws Exception {
        String yaml = given().get("/asyncapi.yaml").then().statusCode(200).extract().asString();
        JsonNode doc = new YAMLMapper().readTree(yaml);
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");

        List<String> addresses = new ArrayList<>();
        doc.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrder(Topics.TASK_EVENTS, Topics.RUN_REQUESTS,
                Topics.deadLetter(Topics.RUN_REQUESTS));

        List<String> eventTypes = new ArrayList<>();
        for (java.lang.reflect.Field f : EventTypes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                eventTypes.add((String) f.get(null));
            }
        }
        List<String> messageNames = new ArrayList<>();
        doc.path("components").path("messages").forEach(m -> messageNames.add(m.path("name").asText()));
        assertThat(messageNames).containsAll(eventTypes);
        assertThat(EventTypes.ALL).containsExactlyInAnyOrderElementsOf(eventTypes);
        List<String> headerTypes = new ArrayList<>();
        doc.at("/components/schemas/CloudEventHeaders/properties/ce_type/enum")
                .forEach(t -> headerTypes.add(t.asText()));
        assertThat(headerTypes).containsExactlyInAnyOrderElementsOf(eventTypes);

        assertProperties(doc, "Task", TaskView.class);
        assertProperties(doc, "Run", RunView.class);
        assertProperties(doc, "RunRejection", RunRejection.class);
        assertProperties(doc, "RunRequest", RunRequest.class);
        assertProperties(doc, "Node", RunRequest.Node.class);
        List<String> endpointFields = new ArrayList<>();
        doc.at("/components/schemas/WebhookEndpoint/properties").fieldNames().forEachRemaining(endpointFields::add);
        assertThat(endpointFields).containsExactlyInAnyOrderElementsOf(Arrays.stream(
                WebhookEndpointView.class.getRecordComponents()).map(RecordComponent::getName)
                .filter(name -> !name.equals("secret")) // never in an event
                .map(name -> new PropertyNamingStrategies.SnakeCaseStrategy().translate(name)).toList());
    }

    private static String bare(String name) {
        return name.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static void assertProperties(JsonNode doc, String schema, Class<? extends Record> type) {
        List<String> documented = new ArrayList<>();
        doc.path("components").path("schemas").path(schema).path("properties").fieldNames()
                .forEachRemaining(documented::add);
        List<String> fields = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .map(name -> new PropertyNamingStrategies.SnakeCaseStrategy().translate(name)).toList();
        assertThat(documented).as(schema).containsExactlyInAnyOrderElementsOf(fields);
    }
}
