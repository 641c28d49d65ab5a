package io.spindle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.minio.MinioClient;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.outbound.OutboundPolicy;
import io.spindle.outbound.testing.LoopbackListener;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a server that is not an S3 API answered is told in storage terms, and its body never quoted. */
class StorageErrorsTest {

    static final String BODY = "{\"kind\":\"unauthorized\",\"detail\":\"internal token tok-do-not-echo\"}";

    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aConnectionsClientReachesNoAddressThePolicyRefuses() throws Exception {
        try (LoopbackListener listener = new LoopbackListener()) {
            for (String endpoint : new String[] {listener.url(), "http://localhost:" + listener.port()}) {
                MinioClient client = S3Clients.create(new ConnectionCredentials("con_test", endpoint, "us-east-1",
                        "access", "secret", "path"), OutboundPolicy.allowing());
                StorageErrors.Failure f;
                try {
                    client.listBuckets();
                    throw new AssertionError("a loopback endpoint was reached");
                } catch (Exception e) {
                    f = StorageErrors.translate(e);
                }
                assertThat(f.kind()).as(endpoint).isEqualTo("forbidden_address");
                assertThat(f.retryable()).isFalse();
                assertThat(f.advice()).contains("loopback", "spindle.outbound.allow");
            }
            Thread.sleep(200);
            assertThat(listener.connections()).as("connections made to the refused endpoint").isZero();
        }
    }

    @Test
    void anotherServicesAnswerIsNotEchoed() throws Exception {
        StorageErrors.Failure f = askServerAnswering(401, "application/problem+json");
        assertThat(f.kind()).isEqualTo("not_s3_endpoint");
        assertThat(f.code()).isEqualTo("HTTP 401");
        assertThat(f.message()).isEqualTo("not an S3 endpoint: HTTP 401, application/problem+json");
        assertThat(f.retryable()).isFalse();
        assertThat(f.message() + f.advice()).doesNotContain("tok-do-not-echo").doesNotContain("unauthorized");
    }

    @Test
    void aProxysErrorPageIsAnOutageNotAnEcho() throws Exception {
        StorageErrors.Failure f = askServerAnswering(502, "text/html");
        assertThat(f.kind()).isEqualTo("storage_unavailable");
        assertThat(f.retryable()).isTrue();
        assertThat(f.message() + f.advice()).doesNotContain("tok-do-not-echo");
    }

    private StorageErrors.Failure askServerAnswering(int status, String type) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        int port = server.getAddress().getPort();
        MinioClient client = S3Clients.create(new ConnectionCredentials("con_test", "http://127.0.0.1:" + port,
                "us-east-1", "access", "secret", "path"), OutboundPolicy.allowing("127.0.0.1:" + port),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        try {
            client.listBuckets();
            throw new AssertionError("a server that is not S3 was taken for one");
        } catch (Exception e) {
            return StorageErrors.translate(e);
        }
    }
}
