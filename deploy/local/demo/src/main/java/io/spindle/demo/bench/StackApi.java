package io.spindle.demo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The running local stack as the benchmark sees it: its env file, its public API, its stack command. */
final class StackApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> WORKERS = List.of("ingest-worker", "transcode-worker", "upload-worker");

    final Properties env = new Properties();
    final Path stateDir;
    private final Path stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    StackApi(Path envFile, Path stack) throws IOException {
        try (Reader r = Files.newBufferedReader(envFile)) {
            env.load(r);
        }
        this.stateDir = envFile.toAbsolutePath().getParent();
        this.stack = stack;
    }

    String url() {
        return env.getProperty("SPINDLE_API_URL");
    }

    String key() {
        return env.getProperty("SPINDLE_API_KEY");
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))), path);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).GET(), path);
    }

    private JsonNode send(HttpRequest.Builder request, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + key())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A connection to the stack's own S3 server, for the benchmark's destinations in {@code bucket}. */
    String connection(String bucket) throws Exception {
        MinioClient s3 = s3();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("name", "Benchmark bucket");
        connection.put("kind", "s3");
        connection.put("endpoint", env.getProperty("SPINDLE_S3_ENDPOINT"));
        connection.put("region", env.getProperty("SPINDLE_S3_REGION"));
        connection.put("access_key_id", env.getProperty("SPINDLE_S3_ACCESS_KEY_ID"));
        connection.put("secret_access_key", env.getProperty("SPINDLE_S3_SECRET_ACCESS_KEY"));
        return post("/connections", connection).path("id").asText();
    }

    /** A client of the stack's own S3 server. */
    MinioClient s3() {
        return MinioClient.builder().endpoint(env.getProperty("SPINDLE_S3_ENDPOINT"))
                .credentials(env.getProperty("SPINDLE_S3_ACCESS_KEY_ID"),
                        env.getProperty("SPINDLE_S3_SECRET_ACCESS_KEY"))
                .region(env.getProperty("SPINDLE_S3_REGION")).build();
    }

    /** Waits until the run has ended; answers it (with its tasks). */
    JsonNode awaitRun(String runId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode run = get("/runs/" + runId);
            String status = run.path("status").asText();
            if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + runId + " still " + status + " after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** {@code deploy/local/stack <args>}, with extra environment (for a worker's heap), its output shown. */
    void stack(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(stack.toString());
        builder.command().addAll(List.of(args));
        builder.environment().putAll(extraEnv);
        Process process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("'stack " + String.join(" ", args) + "' failed");
        }
    }

    /** The pid of a running instance, from the stack's process records. */
    long pid(String instance) throws IOException {
        Properties record = new Properties();
        try (Reader r = Files.newBufferedReader(stateDir.resolve("procs").resolve(instance + ".properties"))) {
            record.load(r);
        }
        return Long.parseLong(record.getProperty("pid"));
    }

    static Instant instant(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : Instant.parse(node.asText());
    }
}
