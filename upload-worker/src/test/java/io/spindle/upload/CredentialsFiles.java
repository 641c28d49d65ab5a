package io.spindle.upload;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Answers {@code GET /internal/connections/{id}/credentials} from {@code target/test-credentials/{id}.json},
 * which the test writes (files, because the test and this resource may live in different class loaders).
 * Checks the service token and the project header as connection-service does.
 */
public class CredentialsFiles implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target", "test-credentials");

    /** Makes {@code credentials} what the lookup of its connection answers. */
    static void write(io.spindle.contract.ConnectionCredentials credentials) throws IOException {
        Files.write(DIR.resolve(credentials.connectionId() + ".json"),
                io.spindle.contract.pipeline.PipelineJson.write(credentials));
    }
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(DIR);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/connections/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            Path file = DIR.resolve(parts.length > 3 ? parts[3] + ".json" : "none");
            boolean authorized = "Bearer test-worker-token".equals(exchange.getRequestHeaders()
                    .getFirst("Authorization")) && exchange.getRequestHeaders().getFirst("X-Spindle-Project") != null;
            if (!authorized) {
                exchange.sendResponseHeaders(401, -1);
            } else if (!Files.exists(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(file);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return Map.of("spindle.test.credentials-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
