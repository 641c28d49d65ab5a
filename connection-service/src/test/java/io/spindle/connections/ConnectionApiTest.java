package io.spindle.connections;

import static io.restassured.RestAssured.given;
import static io.spindle.connections.Api.as;
import static io.spindle.connections.Api.connectionBody;
import static io.spindle.connections.Api.create;
import static io.spindle.connections.Api.newProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.spindle.outbound.testing.LoopbackListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RealInfrastructure
class ConnectionApiTest {

    @Test
    void createReturnsTheConnectionWithoutItsSecret() {
        String project = newProject();
        Map<String, Object> body = connectionBody("My S3 Bucket");
        String secret = (String) body.get("secret_access_key");
        Response created = as(project).body(body).post("/connections");
        created.then().statusCode(201)
                .body("id", matchesPattern("con_[a-z0-9]{16}"))
                .body("object", equalTo("storage_connection"))
                .body("name", equalTo("My S3 Bucket"))
                .body("kind", equalTo("s3"))
                .body("endpoint", equalTo("https://s3.us-east-1.amazonaws.com"))
                .body("region", equalTo("us-east-1"))
                .body("access_key_id", equalTo("AKIAEXAMPLE"))
                .body("secret_access_key", equalTo("********"))
                .body("addressing_style", equalTo("auto"))
                .body("is_default", equalTo(false))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"))
                .body("updated_at", equalTo(created.path("created_at").toString()));
        assertThat(created.asString()).doesNotContain(secret);

        String id = created.path("id");
        as(project).get("/connections/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("secret_access_key", equalTo("********"))
                .body(not(containsString(secret)));
    }

    @Test
    void listIsNewestFirstWithCursorPagination() {
        String project = newProject();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(project, connectionBody("c" + i)));
        }
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);

        Response first = as(project).queryParam("limit", 2).get("/connections");
        first.then().statusCode(200).body("object", equalTo("list")).body("data", hasSize(2))
                .body("has_more", equalTo(true)).body("data.id", contains(newestFirst.get(0), newestFirst.get(1)));
        String cursor = first.path("next_cursor");
        assertThat(cursor).isEqualTo(newestFirst.get(1));

        Response second = as(project).queryParam("limit", 2).queryParam("after", cursor).get("/connections");
        second.then().body("data.id", contains(newestFirst.get(2), newestFirst.get(3))).body("has_more", equalTo(true));
        Response third = as(project).queryParam("limit", 2).queryParam("after", (String) second.path("next_cursor"))
                .get("/connections");
        third.then().body("data.id", contains(newestFirst.get(4))).body("has_more", equalTo(false))
                .body("next_cursor", nullValue());

        as(project).get("/connections").then().body("data", hasSize(5));
    }

    @Test
    void patchChangesOnlyTheGivenFields() {
        String project = newProject();
        String id = create(project, connectionBody("before"));
        as(project).body(Map.of("name", "after", "region", "eu-west-1", "addressing_style", "path"))
                .patch("/connections/" + id).then().statusCode(200)
                .body("name", equalTo("after")).body("region", equalTo("eu-west-1"))
                .body("addressing_style", equalTo("path"))
                .body("endpoint", equalTo("https://s3.us-east-1.amazonaws.com"))
                .body("access_key_id", equalTo("AKIAEXAMPLE"));
        as(project).get("/connections/" + id).then().body("name", equalTo("after"));
    }

    @Test
    void defaultMovesAndCanBeDeleted() {
        String project = newProject();
        String a = create(project, connectionBody("a"));
        String b = create(project, connectionBody("b"));
        as(project).body(Map.of("is_default", true)).patch("/connections/" + a).then().statusCode(200)
                .body("is_default", equalTo(true));
        as(project).body(Map.of("is_default", true)).patch("/connections/" + b).then().statusCode(200)
                .body("is_default", equalTo(true));
        as(project).get("/connections/" + a).then().body("is_default", equalTo(false));

        as(project).delete("/connections/" + b).then().statusCode(204);
        as(project).get("/connections/" + b).then().statusCode(404).body("kind", equalTo("not_found"));
        as(project).get("/connections").then().body("data.is_default", not(hasItem(true)));

        as(project).get("/internal/connections/default").then().statusCode(404).body("kind", equalTo("not_found"));

        Map<String, Object> body = connectionBody("born default");
        body.put("is_default", true);
        String c = create(project, body);
        as(project).get("/connections/" + c).then().body("is_default", equalTo(true));
        as(project).get("/internal/connections/default").then().statusCode(200).body("id", equalTo(c))
                .body("secret_access_key", equalTo("********"));
        as(project).body(Map.of("is_default", false)).patch("/connections/" + c).then()
                .body("is_default", equalTo(false));
    }

    @Test
    void projectsNeverSeeEachOthersConnections() {
        String owner = newProject();
        String other = newProject();
        String id = create(owner, connectionBody("mine"));
        as(other).get("/connections/" + id).then().statusCode(404).body("kind", equalTo("not_found"));
        as(other).body(Map.of("name", "stolen")).patch("/connections/" + id).then().statusCode(404);
        as(other).body(Map.of("is_default", true)).patch("/connections/" + id).then().statusCode(404);
        as(other).delete("/connections/" + id).then().statusCode(404);
        as(other).body(Map.of()).post("/connections/" + id + "/test").then().statusCode(404);
        as(other).get("/internal/connections/" + id + "/credentials").then().statusCode(404);
        as(other).get("/connections").then().body("data.id", not(hasItem(id)));
        as(other).queryParam("after", id).get("/connections").then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
        as(owner).get("/connections/" + id).then().statusCode(200).body("name", equalTo("mine"));
    }

    @Test
    void everyRequiredFieldIsReportedWhenMissingOrEmpty() {
        String project = newProject();
        as(project).body(Map.of()).post("/connections").then().statusCode(400)
                .contentType("application/problem+json")
                .body("kind", equalTo("invalid_input"))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder(
                        "access_key_id", "endpoint", "kind", "name", "secret_access_key"));
        Map<String, Object> body = connectionBody("x");
        body.put("name", "  ");
        body.put("secret_access_key", "");
        as(project).body(body).post("/connections").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("name", "secret_access_key"));
        as(project).get("/connections").then().body("data", hasSize(0));
    }

    @Test
    void badValuesGetSpecificErrors() {
        String project = newProject();
        assertFieldError(project, "kind", "gcs", "kind", "must be \"s3\"");
        assertFieldError(project, "endpoint", "ftp://example.com", "endpoint", "http:// or https://");
        assertFieldError(project, "endpoint", "s3.amazonaws.com", "endpoint", "http:// or https://");
        assertFieldError(project, "addressing_style", "sideways", "addressing_style", "auto, path or virtual");
        assertFieldError(project, "region", "US East", "region", "region name");
        assertFieldError(project, "is_default", "yes", "is_default", "true or false");
        assertFieldError(project, "name", 42, "name", "a string");

        Map<String, Object> unknown = connectionBody("x");
        unknown.put("bucket_name", "b");
        as(project).body(unknown).post("/connections").then().statusCode(400)
                .body("kind", equalTo("invalid_input")).body("errors[0].field", equalTo("bucket_name"))
                .body("errors[0].message", containsString("unknown field"));

        as(project).body("{\"name\": ").post("/connections").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("not valid JSON"));
        as(project).body("[1,2]").post("/connections").then().statusCode(400).body("kind", equalTo("invalid_input"));

        as(project).get("/connections/not-an-id").then().statusCode(400)
                .body("errors[0].field", equalTo("id")).body("detail", containsString("con_"));
        as(project).get("/connections/con_0000000000000000").then().statusCode(404).body("kind", equalTo("not_found"));
        as(project).queryParam("limit", 0).get("/connections").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        as(project).queryParam("limit", 101).get("/connections").then().statusCode(400);
        as(project).queryParam("limit", "many").get("/connections").then().statusCode(400)
                .contentType("application/problem+json");

        Map<String, Object> huge = connectionBody("x");
        huge.put("name", "n".repeat(40_000));
        as(project).body(huge).post("/connections").then().statusCode(413)
                .contentType("application/problem+json").body("kind", equalTo("body_too_large"));
        Map<String, Object> longName = connectionBody("n".repeat(201));
        as(project).body(longName).post("/connections").then().statusCode(400).body("errors[0].field", equalTo("name"));

        as(project).body(Map.of("name", "")).patch("/connections/con_0000000000000000").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        as(project).contentType("text/plain").body("hello").post("/connections").then().statusCode(415)
                .contentType("application/problem+json");
        as(project).get("/connections").then().body("data", hasSize(0));
    }

    /** Bodies over the limit (413) and chunked ones (411), small and past quarkus.http.limits.max-body-size. */
    @Test
    void aBodyOverTheLimitOrWithoutALengthGetsAProblem() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (int size : new int[] {20_000, 2_000_000}) {
            byte[] body = ("{\"name\": \"" + "n".repeat(size) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (boolean chunked : new boolean[] {false, true}) {
                java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/connections"))
                        .header("Authorization", "Bearer " + Api.TOKEN)
                        .header(io.spindle.contract.InternalApi.PROJECT_HEADER, newProject())
                        .header("Content-Type", "application/json")
                        .POST(chunked ? java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(body))
                                : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                java.net.http.HttpResponse<String> answer = http.send(request,
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                String said = size + " bytes, " + (chunked ? "chunked" : "with a length") + ": " + answer.body();
                int status = chunked ? 411 : 413;
                assertThat(answer.statusCode()).as(said).isEqualTo(status);
                assertThat(answer.headers().firstValue("Content-Type")).as(said).hasValue("application/problem+json");
                assertThat(answer.body()).as(said).contains(chunked ? "\"kind\":\"length_required\""
                        : "\"kind\":\"body_too_large\"", "at most 16384", "\"status\":" + status);
            }
        }
    }

    /** The address policy with its rule on: only the test S3 and 127.0.0.2 are allowed in this profile. */
    @Test
    void anEndpointOnAnInternalAddressIsRefusedAndNeverConnected() throws Exception {
        String project = newProject();
        try (LoopbackListener database = new LoopbackListener()) {
            int port = database.port();
            for (String endpoint : new String[] {database.url(), "http://localhost:" + port, "http://[::1]:" + port,
                "http://127.9.9.9:" + port, "http://[::ffff:127.0.0.1]:" + port}) {
                Map<String, Object> body = connectionBody("scanner");
                body.put("endpoint", endpoint);
                as(project).body(body).post("/connections").then().statusCode(400)
                        .contentType("application/problem+json")
                        .body("kind", equalTo("forbidden_address"))
                        .body("errors[0].field", equalTo("endpoint"))
                        .body("errors[0].message", containsString("loopback address"))
                        .body("detail", containsString("spindle.outbound.allow"));
            }
            String id = create(project, connectionBody("stored"));
            as(project).body(Map.of("endpoint", database.url())).patch("/connections/" + id).then().statusCode(400)
                    .body("kind", equalTo("forbidden_address"))
                    .body("errors[0].message", containsString("127.0.0.1:" + port + " is a loopback address"));
            as(project).get("/connections/" + id).then().statusCode(200)
                    .body("endpoint", equalTo("https://s3.us-east-1.amazonaws.com"));
            as(project).get("/connections").then().body("data", hasSize(1));
            Thread.sleep(200);
            assertThat(database.connections()).as("connections made to the refused endpoint").isZero();
        }
        // a URL that only looks like one
        assertFieldError(project, "endpoint", "http://[::1", "endpoint", "not a valid URL");
        assertFieldError(project, "endpoint", "https://user@s3.example.com", "endpoint", "http:// or https://");
    }

    @Test
    void theServiceTokenAndProjectAreRequired() {
        given().contentType("application/json").body(connectionBody("x")).post("/connections").then().statusCode(401)
                .contentType("application/problem+json").body("kind", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").get("/connections").then().statusCode(401);
        String id = create(newProject(), connectionBody("guarded"));
        given().get("/internal/connections/" + id + "/credentials").then().statusCode(401)
                .body(not(containsString("secret")));
        given().header("Authorization", "Bearer " + Api.TOKEN).get("/connections").then().statusCode(400)
                .body("detail", containsString("X-Spindle-Project"));
        given().header("Authorization", "Bearer " + Api.TOKEN).header("X-Spindle-Project", "acme")
                .get("/connections").then().statusCode(400);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theWorkersTokenOnlyReadsCredentials() {
        String project = newProject();
        String id = create(project, connectionBody("read-only"));
        io.restassured.specification.RequestSpecification worker = given()
                .header("Authorization", "Bearer " + Api.WORKER_TOKEN).header("X-Spindle-Project", project)
                .contentType("application/json");
        worker.get("/internal/connections/" + id + "/credentials").then().statusCode(200)
                .body("connection_id", equalTo(id));
        worker.body(connectionBody("sneaky")).post("/connections").then().statusCode(403)
                .contentType("application/problem+json").body("kind", equalTo("forbidden"));
        worker.delete("/connections/" + id).then().statusCode(403).body("kind", equalTo("forbidden"));
        worker.body(java.util.Map.of("name", "renamed")).patch("/connections/" + id).then().statusCode(403);
        worker.get("/connections").then().statusCode(403);
        worker.get("/connections/" + id).then().statusCode(403);
        as(project).get("/connections/" + id).then().statusCode(200).body("name", equalTo("read-only"));
    }

    private static void assertFieldError(String project, String field, Object value, String expectedField,
            String messagePart) {
        Map<String, Object> body = connectionBody("x");
        body.put(field, value);
        as(project).body(body).post("/connections").then().statusCode(400)
                .contentType("application/problem+json")
                .body("kind", equalTo("invalid_input"))
                .body("errors[0].field", equalTo(expectedField))
                .body("errors[0].message", containsString(messagePart));
    }
}
