package io.spindle.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.spindle.gateway.service.ApiKeyService;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@RealInfrastructure
class ApiKeyAuthTest {

    static final String KEY_A = "test-key-a-0123456789abcdefghij";

    @Inject
    ApiKeyService keys;

    @Test
    void aMissingOrMalformedKeyIs401ProblemJson() {
        given().get("/connections").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("kind", equalTo("unauthorized"))
                .body("detail", containsString("Authorization: Bearer"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/connections").then().statusCode(401)
                .body("detail", containsString("Bearer <key>"));
        given().header("Authorization", "Bearer ").get("/connections").then().statusCode(401);
    }

    @Test
    void aKeyDeclaredByItsHashAuthenticates() {
        given().header("Authorization", "Bearer test-key-b-0123456789abcdefghij").get("/tasks").then().statusCode(200);
    }

    @Test
    void anUnknownKeyIs401() {
        given().header("Authorization", "Bearer not-a-key-of-anyone-0123456789").get("/connections/con_0000000000000000")
                .then().statusCode(401).body("kind", equalTo("unauthorized"))
                .body("detail", containsString("not valid"));
        given().header("Authorization", "Bearer not-a-key").contentType("application/json").body("{}")
                .post("/connections").then().statusCode(401);
    }

    @Test
    void aValidKeyPassesAndAnUnreachableServiceIsA503Problem() {
        given().header("Authorization", "Bearer " + KEY_A).get("/connections").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("kind", equalTo("service_unavailable"));
    }

    @Test
    void keysAreStoredOnlyAsHashes() throws Exception {
        try (Connection db = jdbc(); PreparedStatement st = db.prepareStatement(
                "select project_id, key_hash, row_to_json(k)::text from api_keys k order by project_id")) {
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("prj_testaaaaaaaaaaaa");
                assertThat(rs.getString(2)).isEqualTo(ApiKeyService.sha256(KEY_A));
                assertThat(rs.getString(3)).doesNotContain(KEY_A);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("prj_testbbbbbbbbbbbb");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void registeringIsIdempotentAndRefusesWeakOrForeignKeys() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> keys.register("prj_testaaaaaaaaaaaa", KEY_A));
        try (Connection db = jdbc(); ResultSet rs = db.createStatement()
                .executeQuery("select count(*) from api_keys where project_id = 'prj_testaaaaaaaaaaaa'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> keys.register("prj_testaaaaaaaaaaaa",
                "short"))).hasMessageContaining("at least");
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> keys.register("prj_testbbbbbbbbbbbb",
                KEY_A))).hasMessageContaining("another project");
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> keys.register("project-x",
                "long-enough-key-0123456789abcdef"))).hasMessageContaining("not a project id");
    }

    @Test
    void aRevokedKeyIs401() throws Exception {
        String key = "revocable-key-0123456789abcdefghij";
        try {
            VertxContextSupport.subscribeAndAwait(() -> keys.register("prj_testaaaaaaaaaaaa", key));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        given().header("Authorization", "Bearer " + key).get("/connections").then().statusCode(503);
        try (Connection db = jdbc(); PreparedStatement st = db.prepareStatement(
                "update api_keys set revoked_at = now() where key_hash = ?")) {
            st.setString(1, ApiKeyService.sha256(key));
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        // revoked behind this replica's back (as another replica would): refused once its cached lookup expires
        await().atMost(Duration.ofSeconds(7)).untilAsserted(() -> given().header("Authorization", "Bearer " + key)
                .get("/connections").then().statusCode(401));
    }

    @Test
    void healthMetricsAndOpenApiNeedNoKey() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/connections"))
                .body("paths", org.hamcrest.Matchers.hasKey("/connections/{id}/test"));
    }

    private static Connection jdbc() throws Exception {
        return DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("spindle.test.postgres.jdbc-url", String.class),
                ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class),
                ConfigProvider.getConfig().getValue("quarkus.datasource.password", String.class));
    }
}
