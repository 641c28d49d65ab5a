package io.spindle.connections;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.InternalApi;
import java.util.HashMap;
import java.util.Map;

/** Requests as the gateway makes them: service token plus the project header. */
final class Api {

    static final String TOKEN = "test-internal-token";
    /** The workers' token: reads credentials, nothing else. */
    static final String WORKER_TOKEN = "test-worker-token";

    private Api() {
    }

    static String newProject() {
        return Ids.newId(IdKind.PROJECT);
    }

    static RequestSpecification as(String project) {
        return given().header("Authorization", "Bearer " + TOKEN)
                .header(InternalApi.PROJECT_HEADER, project)
                .contentType(ContentType.JSON);
    }

    static Map<String, Object> connectionBody(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("kind", "s3");
        body.put("endpoint", "https://s3.us-east-1.amazonaws.com");
        body.put("region", "us-east-1");
        body.put("access_key_id", "AKIAEXAMPLE");
        body.put("secret_access_key", "example-secret-" + Ids.randomToken(12));
        return body;
    }

    static String create(String project, Map<String, Object> body) {
        return as(project).body(body).post("/connections").then().statusCode(201).extract().path("id");
    }
}
