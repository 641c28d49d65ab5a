package io.spindle.gateway;

import static io.restassured.RestAssured.given;
import static io.spindle.gateway.GatewayClient.KEY_A;
import static io.spindle.gateway.GatewayClient.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code /api-keys}: a key made through the API works, is listed without its secret, and revoking it holds at once. */
@QuarkusTest
@RealInfrastructure
class ApiKeysApiTest {

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType("application/json");
    }

    @Test
    void aMadeKeyWorksIsListedWithoutItsSecretAndIsRevokedAtOnce() {
        JsonPath made = as(KEY_A).body(Map.of("name", "ci deploys")).post("/api-keys").then().statusCode(201)
                .body("object", equalTo("api_key")).body("name", equalTo("ci deploys"))
                .body("revoked_at", nullValue()).extract().jsonPath();
        String id = made.getString("id");
        String key = made.getString("key");
        assertThat(id).startsWith("key_");
        assertThat(key).startsWith("spindle_").hasSizeGreaterThanOrEqualTo(40);
        assertThat(key).startsWith(made.getString("prefix"));

        as(key).get("/tasks").then().statusCode(200);
        JsonPath listed = as(KEY_A).get("/api-keys").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("data.id", String.class)).contains(id);
        assertThat(listed.getString("data.find { it.id == '" + id + "' }.key")).isNull();
        assertThat(listed.prettify()).doesNotContain(key);
        assertThat(listed.getString("data.find { it.id == '" + id + "' }.last_used_at")).isNotNull();

        as(key).delete("/api-keys/" + id).then().statusCode(200).body("revoked_at", notNullValue())
                .body("key", nullValue());
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                as(key).get("/tasks").then().statusCode(401).body("kind", equalTo("unauthorized")));
        as(KEY_A).get("/tasks").then().statusCode(200); // the seeded key stays
    }

    @Test
    void anExpiredKeyStopsWorking() {
        String key = as(KEY_A).body(Map.of("name", "short-lived", "expires_at",
                Instant.now().plusSeconds(2).toString())).post("/api-keys").then().statusCode(201)
                .body("expires_at", notNullValue()).extract().path("key");
        as(key).get("/tasks").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                as(key).get("/tasks").then().statusCode(401));
    }

    @Test
    void keysBelongToTheirProject() {
        String id = as(KEY_A).body(Map.of("name", "project a's")).post("/api-keys").then().statusCode(201)
                .extract().path("id");
        as(KEY_B).delete("/api-keys/" + id).then().statusCode(404).body("kind", equalTo("not_found"));
        assertThat(as(KEY_B).get("/api-keys").then().statusCode(200).extract().jsonPath()
                .getList("data.id", String.class)).doesNotContain(id);
        as(KEY_A).get("/api-keys").then().body("data.find { it.id == '" + id + "' }.revoked_at", nullValue());
    }

    @Test
    void badRequestsGetProblems() {
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of(), Map.of("name", " "),
                Map.of("name", "x".repeat(101)), Map.of("name", "tab\there"),
                Map.of("name", "past", "expires_at", "2020-01-01T00:00:00Z"), Map.of("name", 42),
                Map.of("name", "n", "scopes", List.of("all")))) {
            as(KEY_A).body(body).post("/api-keys").then().statusCode(400).contentType("application/problem+json")
                    .body("kind", equalTo("invalid_input")).body("errors", not(equalTo(List.of())));
        }
        as(KEY_A).delete("/api-keys/not-an-id").then().statusCode(400).body("errors[0].field", equalTo("id"));
        as(KEY_A).delete("/api-keys/key_0000000000000000").then().statusCode(404);
        given().get("/api-keys").then().statusCode(401);
    }
}
