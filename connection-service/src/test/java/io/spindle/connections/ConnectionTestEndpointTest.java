package io.spindle.connections;

import static io.spindle.connections.Api.as;
import static io.spindle.connections.Api.create;
import static io.spindle.connections.Api.newProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.sun.net.httpserver.HttpServer;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.spindle.connections.storage.ConnectionTestReport;
import io.spindle.connections.storage.ConnectivityTester;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.local.Ports;
import io.spindle.outbound.OutboundPolicy;
import io.spindle.outbound.testing.LoopbackListener;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /connections/{id}/test} against the real S3 server of the test infrastructure. */
@QuarkusTest
@RealInfrastructure
class ConnectionTestEndpointTest {

    static final String BUCKET = "connection-test-bucket";

    static String endpoint;
    static String accessKey;
    static String secretKey;

    @BeforeAll
    static void createBucket() throws Exception {
        endpoint = ConfigProvider.getConfig().getValue("spindle.test.s3.endpoint", String.class);
        accessKey = ConfigProvider.getConfig().getValue("spindle.test.s3.access-key", String.class);
        secretKey = ConfigProvider.getConfig().getValue("spindle.test.s3.secret-key", String.class);
        MinioClient admin = admin();
        if (!admin.bucketExists(io.minio.BucketExistsArgs.builder().bucket(BUCKET).build())) {
            admin.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
    }

    static MinioClient admin() {
        return MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region("us-east-1").build();
    }

    private static ValidatableResponse test(String endpointUrl, String key, String secret, String bucket) {
        String project = newProject();
        Map<String, Object> body = new HashMap<>();
        body.put("name", "embedded");
        body.put("kind", "s3");
        body.put("endpoint", endpointUrl);
        body.put("region", "us-east-1");
        body.put("access_key_id", key);
        body.put("secret_access_key", secret);
        String id = create(project, body);
        Map<String, Object> request = bucket == null ? Map.of() : Map.of("bucket", bucket);
        return as(project).body(request).post("/connections/" + id + "/test").then().statusCode(200)
                .body("object", equalTo("connection_test")).body("connection_id", equalTo(id));
    }

    @Test
    void goodCredentialsPassEveryCheckAndLeaveNoProbeBehind() {
        test(endpoint, accessKey, secretKey, BUCKET)
                .body("ok", equalTo(true))
                .body("checks.name", contains("reachable", "authenticated", "bucket_exists", "can_write", "can_delete"))
                .body("checks.status", everyItem(equalTo("passed")));
        assertThat(admin().listObjects(ListObjectsArgs.builder().bucket(BUCKET).recursive(true).build()))
                .isEmpty();
    }

    @Test
    void aServiceThatIsNotS3IsNamedSoAndItsAnswerNeverEchoed() throws Exception {
        // another internal service (allowed here: 127.0.0.2) answering 401 with a problem document of its own
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        other.createContext("/", exchange -> {
            byte[] body = "{\"title\":\"Unauthorized\",\"detail\":\"spindle.internal.token is required\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        other.start();
        try {
            test("http://127.0.0.2:" + other.getAddress().getPort(), "access", "secret-secret", BUCKET)
                    .body("ok", equalTo(false))
                    .body("checks[1].name", equalTo("authenticated"))
                    .body("checks[1].kind", equalTo("not_s3_endpoint"))
                    .body("checks[1].message", equalTo("not an S3 endpoint: HTTP 401, application/problem+json"))
                    .body(not(containsString("spindle.internal.token")))
                    .body(not(containsString("Unauthorized")));
        } finally {
            other.stop(0);
        }
    }

    /** A connection stored before the policy refused its endpoint (an allowance since removed) is refused at test. */
    @Test
    void aStoredEndpointThePolicyNowRefusesIsNeverConnected() throws Exception {
        try (LoopbackListener database = new LoopbackListener()) {
            ConnectionTestReport report = new ConnectivityTester(OutboundPolicy.allowing()).test(
                    new ConnectionCredentials("con_0000000000000000", database.url(), "us-east-1", "key", "secret",
                            "path"), BUCKET);
            assertThat(report.ok()).isFalse();
            assertThat(report.checks().get(0).name()).isEqualTo("reachable");
            assertThat(report.checks().get(0).kind()).isEqualTo("forbidden_address");
            assertThat(report.checks().get(0).message()).contains("127.0.0.1:" + database.port()
                    + " is a loopback address", "spindle.outbound.allow");
            assertThat(report.checks()).extracting(ConnectionTestReport.Check::status)
                    .containsExactly("failed", "skipped", "skipped", "skipped", "skipped");
            Thread.sleep(200);
            assertThat(database.connections()).as("connections made to the refused endpoint").isZero();
        }
    }

    @Test
    void withoutABucketOnlyTheCredentialsAreChecked() {
        test(endpoint, accessKey, secretKey, null)
                .body("ok", equalTo(true))
                .body("checks.status", contains("passed", "passed", "skipped", "skipped", "skipped"));
    }

    @Test
    void aWrongSecretIsNamedAsSuch() {
        test(endpoint, accessKey, "definitely-wrong", BUCKET)
                .body("ok", equalTo(false))
                .body("checks.status", contains("passed", "failed", "skipped", "skipped", "skipped"))
                .body("checks[1].kind", equalTo("wrong_secret"))
                .body("checks[1].code", equalTo("SignatureDoesNotMatch"))
                .body("checks[1].advice", org.hamcrest.Matchers.containsString("secret_access_key"));
    }

    @Test
    void anUnknownAccessKeyIsNamedAsSuch() {
        test(endpoint, "no-such-key", secretKey, null)
                .body("ok", equalTo(false))
                .body("checks[1].status", equalTo("failed"))
                .body("checks[1].kind", equalTo("wrong_access_key"));
    }

    @Test
    void aMissingBucketIsNamedAsSuch() {
        test(endpoint, accessKey, secretKey, "no-such-bucket-here")
                .body("ok", equalTo(false))
                .body("checks.status", contains("passed", "passed", "failed", "skipped", "skipped"))
                .body("checks[2].kind", equalTo("bucket_not_found"));
    }

    @Test
    void anEndpointWhereNothingListensIsUnreachable() {
        test("http://127.0.0.2:" + Ports.freePort(), accessKey, secretKey, BUCKET)
                .body("ok", equalTo(false))
                .body("checks[0].name", equalTo("reachable"))
                .body("checks[0].status", equalTo("failed"))
                .body("checks[0].kind", equalTo("unreachable"));
    }

    @Test
    void aMalformedBucketNameIsRejected() {
        String project = newProject();
        String id = create(project, Api.connectionBody("x"));
        as(project).body(Map.of("bucket", "Not_A_Bucket")).post("/connections/" + id + "/test").then()
                .statusCode(400).body("errors[0].field", equalTo("bucket"));
    }
}
