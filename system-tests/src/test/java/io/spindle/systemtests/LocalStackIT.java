package io.spindle.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.minio.MinioClient;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.spindle.local.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's first command, for real: {@code deploy/local/stack up} starts Kafka, S3, PostgreSQL and the
 * services (on free ports, in a scratch directory), and the product page's calls work against it with only
 * the host and key changed.
 */
@ExtendWith(LocalStack.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    static final Path ROOT = LocalStack.ROOT;
    static final Path STACK = LocalStack.STACK;
    static final String OTHER_PROJECT = LocalStack.OTHER_PROJECT;
    static final String OTHER_KEY = LocalStack.OTHER_KEY;

    final List<String> secretsUsed = new ArrayList<>();
    LocalStack local;
    Map<String, String> stackEnv;
    Path stackDir;
    Map<String, String> facts;
    String upOutput;

    @BeforeAll
    void up(LocalStack local) throws Exception {
        this.local = local;
        stackEnv = local.env;
        stackDir = local.dir;
        facts = local.facts;
        upOutput = local.upOutput;
        secretsUsed.add(facts.get("SPINDLE_S3_SECRET_ACCESS_KEY"));
        LocalStack.ensureBucket(s3(), "my-bucket");
    }

    @Test
    @Order(1)
    void upPrintsAndRecordsWhatAUserNeeds() {
        assertThat(facts).containsOnlyKeys("SPINDLE_API_URL", "SPINDLE_API_KEY", "SPINDLE_PROJECT_ID",
                "SPINDLE_KAFKA_BOOTSTRAP_SERVERS", "SPINDLE_S3_ENDPOINT", "SPINDLE_S3_REGION",
                "SPINDLE_S3_ACCESS_KEY_ID", "SPINDLE_S3_SECRET_ACCESS_KEY");
        assertThat(facts.get("SPINDLE_PROJECT_ID")).isEqualTo(local.secrets().get("SPINDLE_PROJECT_ID"));
        assertThat(facts.get("SPINDLE_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(local.kafkaBootstrapServers());
        assertThat(facts.get("SPINDLE_API_URL")).isEqualTo("http://127.0.0.1:" + stackEnv.get("SPINDLE_API_PORT"));
        assertThat(facts.get("SPINDLE_S3_ENDPOINT")).isEqualTo("http://127.0.0.1:" + stackEnv.get("SPINDLE_S3_PORT"));
        assertThat(upOutput).contains("Spindle is running", facts.get("SPINDLE_API_URL"), facts.get("SPINDLE_API_KEY"),
                facts.get("SPINDLE_S3_ENDPOINT"), facts.get("SPINDLE_S3_ACCESS_KEY_ID"),
                facts.get("SPINDLE_S3_SECRET_ACCESS_KEY"));
        assertThat(upOutput).contains("waiting for postgres, s3 and kafka", "waiting for connection-service",
                "waiting for api-gateway");
    }

    @Test
    @Order(2)
    void theProductPageCallsWorkAsWritten() {
        // ../shared/reference: "1. Create a connection" and "Default connections", host and key substituted
        String create = """
                curl -sS -w '\\n%%{http_code}' -X POST "%s/connections" \\
                -H "Authorization: Bearer %s" \\
                -H "Content-Type: application/json" \\
                -d '{
                  "name": "My S3 Bucket",
                  "kind": "s3",
                  "endpoint": "%s",
                  "region": "us-east-1",
                  "access_key_id": "%s",
                  "secret_access_key": "%s"
                }'
                """.formatted(facts.get("SPINDLE_API_URL"), facts.get("SPINDLE_API_KEY"),
                facts.get("SPINDLE_S3_ENDPOINT"), facts.get("SPINDLE_S3_ACCESS_KEY_ID"),
                facts.get("SPINDLE_S3_SECRET_ACCESS_KEY"));
        HttpAnswer created = curl(create);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().getString("id");
        assertThat(id).matches("con_[a-z0-9]{16}");
        assertThat(created.json().getString("object")).isEqualTo("storage_connection");
        assertThat(created.body()).doesNotContain(facts.get("SPINDLE_S3_SECRET_ACCESS_KEY"));

        String makeDefault = """
                curl -sS -w '\\n%%{http_code}' -X PATCH "%s/connections/%s" \\
                -H "Authorization: Bearer %s" \\
                -H "Content-Type: application/json" \\
                -d '{ "is_default": true }'
                """.formatted(facts.get("SPINDLE_API_URL"), id, facts.get("SPINDLE_API_KEY"));
        HttpAnswer patched = curl(makeDefault);
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().getBoolean("is_default")).isTrue();

        api().get("/connections/" + id).then().statusCode(200).body("is_default", equalTo(true))
                .body("name", equalTo("My S3 Bucket"));
    }

    @Test
    @Order(3)
    void connectionTestAgainstTheEmbeddedS3() {
        String good = createConnection(api(), facts.get("SPINDLE_S3_SECRET_ACCESS_KEY"));
        api().body(Map.of("bucket", "my-bucket")).post("/connections/" + good + "/test").then().statusCode(200)
                .body("ok", equalTo(true)).body("checks.status", everyItem(equalTo("passed")));

        String wrongSecret = "wrong-secret-" + System.nanoTime();
        secretsUsed.add(wrongSecret);
        String bad = createConnection(api(), wrongSecret);
        api().body(Map.of("bucket", "my-bucket")).post("/connections/" + bad + "/test").then().statusCode(200)
                .body("ok", equalTo(false))
                .body("checks.find { it.name == 'authenticated' }.status", equalTo("failed"))
                .body("checks.find { it.name == 'authenticated' }.kind", equalTo("wrong_secret"));
        // without a body at all, as curl -X POST sends it
        HttpAnswer bare = curl("curl -sS -w '\\n%%{http_code}' -X POST \"%s/connections/%s/test\" -H \"Authorization: Bearer %s\""
                .formatted(facts.get("SPINDLE_API_URL"), good, facts.get("SPINDLE_API_KEY")));
        assertThat(bare.status()).as(bare.body()).isEqualTo(200);
        assertThat(bare.json().getBoolean("ok")).isTrue();
    }

    /** The address policy as the stack runs it: connections may use its S3, not its database, broker or services. */
    @Test
    @Order(3)
    void theStacksOwnServicesCannotBeAConnectionsEndpoint() throws IOException {
        for (String port : new String[] {stackEnv.get("SPINDLE_POSTGRES_PORT"), stackEnv.get("SPINDLE_KAFKA_PORT"),
            stackEnv.get("SPINDLE_CONNECTIONS_PORT")}) {
            HttpAnswer refused = curl(("curl -sS -w '\\n%%{http_code}' \"%s/connections\" -H \"Authorization: Bearer %s\""
                    + " -H 'Content-Type: application/json' -d '{\"name\": \"scan\", \"kind\": \"s3\", \"endpoint\":"
                    + " \"http://127.0.0.1:%s\", \"access_key_id\": \"a\", \"secret_access_key\": \"b\"}'")
                    .formatted(facts.get("SPINDLE_API_URL"), facts.get("SPINDLE_API_KEY"), port));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().getString("kind")).isEqualTo("forbidden_address");
            assertThat(refused.json().getString("detail")).contains("127.0.0.1:" + port + " is a loopback address",
                    "spindle.outbound.allow");
        }
        // each service says at start-up what it allows; the ingest worker warns that loopback is a local stack's
        assertThat(Files.readString(stackDir.resolve("logs/connection-service.log")))
                .contains("Outbound connections made for users reach public addresses and: [127.0.0.1/32:"
                        + stackEnv.get("SPINDLE_S3_PORT") + ", localhost:" + stackEnv.get("SPINDLE_S3_PORT") + ",");
        try (var logs = Files.list(stackDir.resolve("logs"))) {
            Path ingest = logs.filter(p -> p.getFileName().toString().startsWith("ingest-worker")).findFirst()
                    .orElseThrow();
            assertThat(Files.readString(ingest)).contains("lets connections made for users reach loopback addresses",
                    "acceptable on a local stack only");
        }
        // and so does the gateway, whose webhooks may reach receivers on this machine
        assertThat(Files.readString(stackDir.resolve("logs/api-gateway.log")))
                .contains("lets connections made for users reach loopback addresses", "acceptable on a local stack only");
    }

    @Test
    @Order(4)
    void projectsAreIsolatedThroughTheGateway() {
        String mine = createConnection(api(), "isolation-secret-0001");
        secretsUsed.add("isolation-secret-0001");
        RequestSpecification other = given().baseUri(facts.get("SPINDLE_API_URL"))
                .header("Authorization", "Bearer " + OTHER_KEY).contentType("application/json");
        other.get("/connections/" + mine).then().statusCode(404).body("kind", equalTo("not_found"));
        other.body(Map.of("name", "x")).patch("/connections/" + mine).then().statusCode(404);
        other.body(Map.of("is_default", true)).patch("/connections/" + mine).then().statusCode(404);
        other.body(Map.of()).post("/connections/" + mine + "/test").then().statusCode(404);
        other.delete("/connections/" + mine).then().statusCode(404);
        other.get("/connections").then().statusCode(200).body("data.id", not(hasItem(mine)));

        // a client cannot choose its project with the internal header
        String myProject = readSecrets().get("SPINDLE_PROJECT_ID");
        other.header("X-Spindle-Project", myProject).get("/connections/" + mine).then().statusCode(404);
        // the workers' credential endpoint is not routed through the gateway
        api().get("/internal/connections/" + mine + "/credentials").then().statusCode(404);

        api().get("/connections/" + mine).then().statusCode(200);
    }

    @Test
    @Order(5)
    void tasksResolveConnectionsBeforeAnythingIsQueued() {
        RequestSpecification other = given().baseUri(facts.get("SPINDLE_API_URL"))
                .header("Authorization", "Bearer " + OTHER_KEY).contentType("application/json");
        Map<String, Object> task = new HashMap<>(Map.of("url", "s3://my-bucket/uploads/raw-video.mp4", "kind", "video",
                "destination", "s3://my-bucket/processed/video-720p.mp4",
                "options", Map.of("width", 1280, "format", "mp4")));
        // the other project has no connection at all
        other.body(task).post("/tasks").then().statusCode(400).contentType("application/problem+json")
                .body("kind", equalTo("connection_required")).body("errors[0].field", equalTo("connection_id"));
        // nor may it use this project's
        String mine = api().get("/connections").then().extract().path("data.find { it.is_default }.id");
        Map<String, Object> withForeign = new HashMap<>(task);
        withForeign.put("connection_id", mine);
        other.body(withForeign).post("/tasks").then().statusCode(400).body("errors[0].field", equalTo("connection_id"));
        // a connection_id is checked even where nothing needs it (an http input, no destination)
        Map<String, Object> fromHttp = Map.of("url", "https://example.com/input.mp4", "kind", "video",
                "connection_id", mine);
        other.body(fromHttp).post("/tasks").then().statusCode(400).body("kind", equalTo("invalid_input"))
                .body("errors[0].field", equalTo("connection_id"))
                .body("errors[0].message", equalTo("no connection '" + mine + "' in this project"));
        api().body(Map.of("url", "https://example.com/input.mp4", "kind", "video", "connection_id",
                "con_0000000000000000")).post("/tasks").then().statusCode(400)
                .body("errors[0].field", equalTo("connection_id"));
        other.get("/tasks").then().body("data", org.hamcrest.Matchers.empty());

        // this project has a default (set in the product page test): it is used, and recorded on the steps
        io.restassured.response.Response created = api().body(task).post("/tasks");
        created.then().statusCode(201).body("kind", equalTo("video")).body("status", equalTo("queued"));
        api().get("/runs/" + created.path("run_id")).then().statusCode(200)
                .body("tasks.kind", org.hamcrest.Matchers.contains("ingest", "video", "upload"))
                .body("tasks[0].options.connection_id", equalTo(mine))
                .body("tasks[0].options.bucket", equalTo("my-bucket"))
                .body("tasks[0].options.key", equalTo("uploads/raw-video.mp4"))
                .body("tasks[2].options.connection_id", equalTo(mine))
                .body("tasks[2].options.key", equalTo("processed/video-720p.mp4"));
    }

    @Test
    @Order(6)
    void theProductPageTasksPushTheirOutputToTheBucket() throws Exception {
        java.nio.file.Path clip = TestMedia.clip1080p("raw-video.mp4", 3);
        double inputDuration = TestMedia.PROBE.probe(clip.toString()).duration();
        s3().uploadObject(io.minio.UploadObjectArgs.builder().bucket("my-bucket").object("uploads/raw-video.mp4")
                .filename(clip.toString()).contentType("video/mp4").build());
        String connection = api().get("/connections").then().extract().path("data.find { it.is_default }.id");

        // "3. Ingest from your storage too", as written, host, key and connection substituted
        HttpAnswer fromS3 = curl("""
                curl -sS -w '\\n%%{http_code}' -X POST "%s/tasks" \\
                -H "Authorization: Bearer %s" \\
                -H "Content-Type: application/json" \\
                -d '{
                  "url": "s3://my-bucket/uploads/raw-video.mp4",
                  "kind": "video",
                  "connection_id": "%s",
                  "destination": "s3://my-bucket/processed/video-720p.mp4",
                  "options": {
                    "width": 1280,
                    "format": "mp4"
                  }
                }'
                """.formatted(facts.get("SPINDLE_API_URL"), facts.get("SPINDLE_API_KEY"), connection));
        assertThat(fromS3.status()).as(fromS3.body()).isEqualTo(201);
        assertPushed(fromS3.json().getString("id"), "processed/video-720p.mp4", inputDuration);

        // "2. Use destination on a task", from an http url (served here: the local stack allows private networks)
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] bytes = java.nio.file.Files.readAllBytes(clip);
        server.createContext("/input.mp4", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, bytes.length);
            try (java.io.OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try {
            Map<String, Object> fromHttp = Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/input.mp4", "kind", "video", "connection_id", connection,
                    "destination", "s3://my-bucket/output/video-720p.mp4",
                    "options", Map.of("width", 1280, "format", "mp4"));
            String task = api().body(fromHttp).post("/tasks").then().statusCode(201).extract().path("id");
            assertPushed(task, "output/video-720p.mp4", inputDuration);
        } finally {
            server.stop(0);
        }
    }

    @Test
    @Order(7)
    void otherKindsAndFormatsArriveAsAsked() throws Exception {
        Map<String, Map<String, Object>> tasks = new java.util.LinkedHashMap<>();
        tasks.put("formats/audio.mp3", Map.of("kind", "audio", "options", Map.of("format", "mp3")));
        tasks.put("formats/audio.opus", Map.of("kind", "audio", "options", Map.of("format", "opus")));
        tasks.put("formats/poster.jpg", Map.of("kind", "image", "options", Map.of("format", "jpeg", "start", 1.5)));
        tasks.put("formats/poster.webp", Map.of("kind", "image", "options", Map.of("format", "webp", "start", 2,
                "width", 640)));
        tasks.put("formats/video.webm", Map.of("kind", "video", "options", Map.of("format", "webm", "codec", "vp9",
                "width", 640)));
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> t : tasks.entrySet()) {
            Map<String, Object> body = new HashMap<>(t.getValue());
            body.put("url", "s3://my-bucket/uploads/raw-video.mp4");
            body.put("destination", "s3://my-bucket/" + t.getKey());
            ids.put(t.getKey(), api().body(body).post("/tasks").then().statusCode(201).extract().path("id"));
        }
        for (Map.Entry<String, String> t : ids.entrySet()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(4)).untilAsserted(() -> api()
                    .get("/tasks/" + t.getValue()).then().body("status", org.hamcrest.Matchers.oneOf("succeeded",
                            "failed")));
            api().get("/tasks/" + t.getValue()).then().body("status", equalTo("succeeded"));
        }
        io.spindle.contract.pipeline.MediaInfo mp3 = probeDestination("formats/audio.mp3");
        assertThat(mp3.audioCodec()).isEqualTo("mp3");
        assertThat(mp3.hasVideo()).isFalse();
        assertThat(probeDestination("formats/audio.opus").audioCodec()).isEqualTo("opus");
        io.spindle.contract.pipeline.MediaInfo jpeg = probeDestination("formats/poster.jpg");
        assertThat(jpeg.videoCodec()).isEqualTo("mjpeg");
        assertThat(jpeg.width()).isEqualTo(1920);
        io.spindle.contract.pipeline.MediaInfo webp = probeDestination("formats/poster.webp");
        assertThat(webp.videoCodec()).isEqualTo("webp");
        assertThat(webp.width()).isEqualTo(640);
        io.spindle.contract.pipeline.MediaInfo webm = probeDestination("formats/video.webm");
        assertThat(webm.container()).contains("webm");
        assertThat(webm.videoCodec()).isEqualTo("vp9");
        assertThat(webm.audioCodec()).isEqualTo("opus");
        assertThat(webm.width()).isEqualTo(640);
        assertThat(s3().statObject(io.minio.StatObjectArgs.builder().bucket("my-bucket").object("formats/poster.jpg")
                .build()).contentType()).isEqualTo("image/jpeg");
    }

    @Test
    @Order(8)
    void progressRisesDuringALongerTranscode() throws Exception {
        java.nio.file.Path clip = TestMedia.clip1080p("long.mp4", 40);
        s3().uploadObject(io.minio.UploadObjectArgs.builder().bucket("my-bucket").object("uploads/long.mp4")
                .filename(clip.toString()).contentType("video/mp4").build());
        String id = api().body(Map.of("url", "s3://my-bucket/uploads/long.mp4", "kind", "video",
                "options", Map.of("width", 1280, "format", "mp4", "quality", "high"))).post("/tasks").then()
                .statusCode(201).extract().path("id");
        String runId = api().get("/tasks/" + id).path("run_id");
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(4).toMillis();
        String status = "";
        while (!status.equals("succeeded") && !status.equals("failed") && System.currentTimeMillis() < deadline) {
            io.restassured.response.Response run = api().get("/runs/" + runId);
            status = run.path("status");
            Integer videoProgress = run.path("tasks[1].progress");
            if ("processing".equals(run.path("tasks[1].status")) && videoProgress != null) {
                seen.add(videoProgress);
            }
            Thread.sleep(200);
        }
        assertThat(status).isEqualTo("succeeded");
        assertThat(seen).as("progress values of the video task before it finished")
                .filteredOn(p -> p < 100).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(9)
    void a300MiBFileStreamsThroughIngestAndUploadWith128MiBHeaps() throws Exception {
        for (String worker : List.of("ingest-worker", "upload-worker")) {
            String pid = LocalStack.readEnv(stackDir.resolve("procs/" + worker + ".properties")).get("pid");
            String cmdline = java.nio.file.Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ');
            assertThat(cmdline).as(worker).contains("-Xmx128m");
        }
        // 27.3 minutes of 48 kHz stereo PCM: 300 MiB in, and (WAV to WAV) 300 MiB through the upload too
        java.nio.file.Path big = java.nio.file.Files.createTempDirectory("spindle-big").resolve("big.wav");
        TestMedia.ffmpeg("-f", "lavfi", "-i",
                        "anoisesrc=d=1639:c=white:r=48000:a=0.3", "-ac", "2", "-c:a", "pcm_s16le", big.toString());
        long size = java.nio.file.Files.size(big);
        assertThat(size).isGreaterThan(300L * 1024 * 1024);
        s3().uploadObject(io.minio.UploadObjectArgs.builder().bucket("my-bucket").object("uploads/big.wav")
                .filename(big.toString()).contentType("audio/wav").build());
        java.nio.file.Files.delete(big);

        String id = api().body(Map.of("url", "s3://my-bucket/uploads/big.wav", "kind", "audio", "options",
                Map.of("format", "wav"), "destination", "s3://my-bucket/big/out.wav")).post("/tasks").then()
                .statusCode(201).extract().path("id");
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> api().get("/tasks/" + id).then().body("status",
                        org.hamcrest.Matchers.oneOf("succeeded", "failed")));
        api().get("/tasks/" + id).then().body("status", equalTo("succeeded"));
        io.restassured.response.Response run = api().get("/runs/" + api().get("/tasks/" + id).path("run_id"));
        assertThat(run.jsonPath().getLong("tasks[0].outputs[0].size")).isEqualTo(size);
        long uploaded = s3().statObject(io.minio.StatObjectArgs.builder().bucket("my-bucket").object("big/out.wav")
                .build()).size();
        assertThat(uploaded).isGreaterThan(300L * 1024 * 1024);
        // and nothing fell over on the way
        Command.Result status = stack("status").run(Duration.ofSeconds(60));
        assertThat(status.exitCode()).as(status.output()).isZero();
    }

    @Test
    @Order(10)
    void theReadmesFirstCommandRunsTheDemo() {
        Command.Result demo = stack("demo").run(Duration.ofMinutes(8));
        assertThat(demo.exitCode()).as(demo.output()).isZero();
        assertThat(demo.output()).contains("[demo] done: the three outputs are in the embedded S3",
                "s3://my-bucket/output/video-720p.mp4: ", "s3://my-bucket/processed/video-720p.mp4: ",
                "s3://dest-bucket/processed/video-720p.mp4: ", "h264 1280x720");
    }

    private io.spindle.contract.pipeline.MediaInfo probeDestination(String key) throws Exception {
        return TestMedia.probe(s3(), "my-bucket", key);
    }

    /** The task succeeds, and its destination holds an H.264/AAC MP4, 1280x720, as long as the input. */
    private void assertPushed(String taskId, String key, double inputDuration) throws Exception {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> api()
                .get("/tasks/" + taskId).then().body("status", org.hamcrest.Matchers.oneOf("succeeded", "failed")));
        io.restassured.response.Response done = api().get("/tasks/" + taskId);
        done.then().body("status", equalTo("succeeded")).body("progress", equalTo(100))
                .body("outputs[0].url", equalTo("s3://my-bucket/" + key))
                .body("outputs[0].content_type", equalTo("video/mp4"));
        api().get("/runs/" + done.path("run_id")).then().body("status", equalTo("succeeded"))
                .body("tasks.kind", org.hamcrest.Matchers.contains("ingest", "video", "upload"))
                .body("tasks.status", everyItem(equalTo("succeeded")));
        io.minio.StatObjectResponse stat = s3().statObject(io.minio.StatObjectArgs.builder().bucket("my-bucket")
                .object(key).build());
        assertThat(stat.contentType()).isEqualTo("video/mp4");
        io.spindle.contract.pipeline.MediaInfo media = probeDestination(key);
        assertThat(media.container()).contains("mp4");
        assertThat(media.videoCodec()).isEqualTo("h264");
        assertThat(media.width()).isEqualTo(1280);
        assertThat(media.height()).isEqualTo(720);
        assertThat(media.audioCodec()).isEqualTo("aac");
        assertThat(media.duration()).isCloseTo(inputDuration, org.assertj.core.api.Assertions.within(0.1));
    }

    private MinioClient s3() {
        return local.s3();
    }

    @Test
    @Order(11)
    void failedTasksSayWhyAndLeaveNothingAtTheDestination() throws Exception {
        byte[] words = "these are meeting notes, not a video\n".repeat(200).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        s3().putObject(io.minio.PutObjectArgs.builder().bucket("my-bucket").object("uploads/notes.txt")
                .stream(new java.io.ByteArrayInputStream(words), (long) words.length, -1L).build());
        String wrongSecret = createConnection(api(), "definitely-not-the-secret-01");
        secretsUsed.add("definitely-not-the-secret-01");

        assertFailed(Map.of("url", "s3://my-bucket/uploads/not-there.mp4", "kind", "video",
                "destination", "s3://my-bucket/failed/missing.mp4"), "input_not_found", "my-bucket", "failed/missing.mp4");
        assertFailed(Map.of("url", "s3://my-bucket/uploads/notes.txt", "kind", "video",
                "destination", "s3://my-bucket/failed/notes.mp4"), "invalid_media", "my-bucket", "failed/notes.mp4");
        assertFailed(Map.of("url", "s3://my-bucket/uploads/raw-video.mp4", "kind", "video", "connection_id",
                wrongSecret, "destination", "s3://my-bucket/failed/secret.mp4"), "wrong_secret", "my-bucket",
                "failed/secret.mp4");
        assertFailed(Map.of("url", "s3://my-bucket/uploads/raw-video.mp4", "kind", "video",
                "destination", "s3://no-such-bucket/out.mp4"), "bucket_not_found", "my-bucket", "out.mp4");
        assertFailed(Map.of("url", "s3://my-bucket/uploads/raw-video.mp4", "kind", "image",
                "options", Map.of("format", "jpeg", "start", 60), "destination", "s3://my-bucket/failed/late.jpg"),
                "invalid_options", "my-bucket", "failed/late.jpg");
    }

    private void assertFailed(Map<String, Object> task, String kind, String bucket, String key) throws Exception {
        io.restassured.response.Response created = api().body(task).post("/tasks");
        created.then().statusCode(201);
        String taskId = created.path("id");
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> api()
                .get("/tasks/" + taskId).then().body("status", org.hamcrest.Matchers.oneOf("succeeded", "failed")));
        api().get("/tasks/" + taskId).then().body("status", equalTo("failed")).body("error.kind", equalTo(kind))
                .body("error.message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
        String message = api().get("/tasks/" + taskId).path("error.message");
        assertThat(message).as("no signed URL, no work-storage endpoint").doesNotContain("X-Amz-")
                .doesNotContain(facts.get("SPINDLE_S3_ENDPOINT").replaceFirst("^https?://", ""));
        api().get("/runs/" + created.path("run_id")).then().body("status", equalTo("failed"));
        assertThat(s3().listObjects(io.minio.ListObjectsArgs.builder().bucket(bucket).prefix(key).build())).isEmpty();
    }

    @Test
    @Order(12)
    void badInputAndBadKeysGetProblems() {
        given().baseUri(facts.get("SPINDLE_API_URL")).get("/connections").then().statusCode(401)
                .contentType("application/problem+json").body("kind", equalTo("unauthorized"));
        given().baseUri(facts.get("SPINDLE_API_URL")).header("Authorization", "Bearer wrong-key")
                .get("/connections").then().statusCode(401);
        api().body(Map.of("name", "x", "kind", "gcs")).post("/connections").then().statusCode(400)
                .contentType("application/problem+json").body("kind", equalTo("invalid_input"))
                .body("errors.field", hasItem("kind")).body("errors.field", hasItem("endpoint"));
        api().body("{\"name\": \"x\", \"colour\": \"red\"}").post("/connections").then().statusCode(400)
                .body("errors[0].field", equalTo("colour"));
        api().body("{\"name\": ").post("/connections").then().statusCode(400).body("kind", equalTo("invalid_input"));
        api().get("/connections/not-an-id").then().statusCode(400).body("errors[0].field", equalTo("id"));
        api().get("/connections/con_0000000000000000").then().statusCode(404);
        api().body(Map.of("name", "n".repeat(100_000))).post("/connections").then().statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    @Order(13)
    void everyServiceHasHealthMetricsAndOpenApi() {
        for (String port : List.of(stackEnv.get("SPINDLE_API_PORT"), stackEnv.get("SPINDLE_CONNECTIONS_PORT"),
                stackEnv.get("SPINDLE_INGEST_PORT"), stackEnv.get("SPINDLE_TRANSCODE_PORT"),
                stackEnv.get("SPINDLE_UPLOAD_PORT"))) {
            String base = "http://127.0.0.1:" + port;
            given().baseUri(base).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            given().baseUri(base).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().baseUri(base).get("/q/metrics").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
        }
        for (String port : List.of(stackEnv.get("SPINDLE_API_PORT"), stackEnv.get("SPINDLE_CONNECTIONS_PORT"))) {
            given().baseUri("http://127.0.0.1:" + port).get("/q/openapi?format=json").then().statusCode(200);
        }
        given().baseUri(facts.get("SPINDLE_API_URL")).get("/q/swagger-ui/").then().statusCode(200);
        given().baseUri("http://127.0.0.1:" + stackEnv.get("SPINDLE_INGEST_PORT")).get("/q/health/ready").then()
                .body("checks.name", hasItem(org.hamcrest.Matchers.containsString("Reactive Messaging")));
    }

    @Test
    @Order(14)
    void statusAndLogsTellTheTruth() throws IOException {
        Command.Result status = stack("status").run(Duration.ofSeconds(60));
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output().lines().filter(l -> l.contains("healthy")).count()).isEqualTo(8);
        Path log = stackDir.resolve("logs/api-gateway.log");
        assertThat(Files.readString(log)).contains("api-gateway", "started");
        Command.Result logs = stack("logs", "api-gateway").run(Duration.ofSeconds(30));
        assertThat(logs.exitCode()).isZero();
        // the last lines of the gateway's own log (other test classes may have filled it since it started)
        List<String> lines = Files.readAllLines(log);
        assertThat(logs.output()).contains(lines.get(lines.size() - 1));
    }

    @Test
    @Order(15)
    void noSecretEverReachesALogOrAnEvent() throws IOException {
        // the error messages in the events of every task so far, the failed ones of order 11 among them (inputs
        // are the user's own: the demo's http input is a presigned URL of the embedded S3)
        List<String> messages = new ArrayList<>();
        for (String event : local.values("task-events")) {
            JsonPath json = JsonPath.from(event);
            for (String path : List.of("error.message", "message")) {
                if (json.get(path) instanceof String message) {
                    messages.add(message);
                }
            }
            if (json.get("tasks") != null) {
                json.getList("tasks.error.message", String.class).stream().filter(java.util.Objects::nonNull)
                        .forEach(messages::add);
            }
        }
        assertThat(messages).as("error messages on task-events").isNotEmpty().allSatisfy(message ->
                assertThat(message).doesNotContain("X-Amz-")
                        .doesNotContain(facts.get("SPINDLE_S3_ENDPOINT").replaceFirst("^https?://", "")));
        try (Stream<Path> files = Files.list(stackDir.resolve("logs"))) {
            List<Path> logs = files.toList();
            assertThat(logs.stream().map(p -> p.getFileName().toString())).contains("api-gateway.log",
                    "connection-service.log", "ingest-worker.log", "upload-worker.log");
            assertThat(logs).allSatisfy(log -> assertThat(Files.size(log)).isPositive());
            for (Path log : logs) {
                String text = Files.readString(log);
                for (String secret : secretsUsed) {
                    assertThat(text).as(log.toString()).doesNotContain(secret);
                }
            }
        }
        assertThat(secretsUsed).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(16)
    void connectionServiceRefusesToStartWithoutAGoodKey() {
        Map<String, String> env = new HashMap<>();
        env.put("SPINDLE_DB_HOST", "127.0.0.1");
        env.put("SPINDLE_DB_PORT", stackEnv.get("SPINDLE_POSTGRES_PORT"));
        env.put("SPINDLE_DB_USER", "postgres");
        env.put("SPINDLE_DB_PASSWORD", "postgres");
        env.put("SPINDLE_DB_NAME", "spindle_connections");
        env.put("SPINDLE_INTERNAL_TOKEN", "some-token");
        env.put("SPINDLE_WORKER_TOKEN", "some-worker-token");
        env.put("SPINDLE_CONNECTIONS_PORT", Integer.toString(Ports.freePort()));
        List<String> launch = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ROOT.resolve("connection-service/target/quarkus-app/quarkus-run.jar").toString());

        Command.Result noKey = new Command(launch, env, stackDir).run(Duration.ofSeconds(90));
        assertThat(noKey.exitCode()).as(noKey.output()).isNotZero();
        assertThat(noKey.output()).contains("spindle.encryption.keys");

        env.put("SPINDLE_ENCRYPTION_KEYS", "k1:" + Base64.getEncoder().encodeToString(new byte[16]));
        Command.Result shortKey = new Command(launch, env, stackDir).run(Duration.ofSeconds(90));
        assertThat(shortKey.exitCode()).as(shortKey.output()).isNotZero();
        assertThat(shortKey.output()).contains("exactly 32");
    }

    @Test
    @Order(17)
    void aTakenPortIsReportedAndNothingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path otherDir = stackDir.resolveSibling("stack-run-conflict");
            Map<String, String> env = new HashMap<>(stackEnv);
            env.put("SPINDLE_STACK_DIR", otherDir.toString());
            env.put("SPINDLE_API_PORT", Integer.toString(taken.getLocalPort()));
            for (String name : List.of("SPINDLE_CONNECTIONS_PORT", "SPINDLE_INGEST_PORT", "SPINDLE_TRANSCODE_PORT", "SPINDLE_UPLOAD_PORT",
                    "SPINDLE_S3_PORT", "SPINDLE_KAFKA_PORT",
                    "SPINDLE_KAFKA_CONTROLLER_PORT", "SPINDLE_POSTGRES_PORT")) {
                env.put(name, Integer.toString(Ports.freePort()));
            }
            Command.Result up = new Command(List.of(STACK.toString(), "up"), env, ROOT).run(Duration.ofSeconds(60));
            assertThat(up.exitCode()).isNotZero();
            assertThat(up.output()).contains("port " + taken.getLocalPort(), "SPINDLE_API_PORT");
            assertThat(otherDir.resolve("procs")).satisfiesAnyOf(
                    p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
        }
    }

    @Test
    @Order(18)
    void dataAndKeySurviveDownAndUp() {
        String kept = createConnection(api(), "survivor-secret-0001");
        secretsUsed.add("survivor-secret-0001");
        String key = facts.get("SPINDLE_API_KEY");

        Command.Result down = stack("down").run(Duration.ofMinutes(2));
        assertThat(down.exitCode()).as(down.output()).isZero();
        assertThat(Ports.isListening("127.0.0.1", Integer.parseInt(stackEnv.get("SPINDLE_API_PORT")))).isFalse();
        assertThat(Ports.isListening("127.0.0.1", Integer.parseInt(stackEnv.get("SPINDLE_POSTGRES_PORT")))).isFalse();
        Command.Result stopped = stack("status").run(Duration.ofSeconds(30));
        assertThat(stopped.exitCode()).isNotZero();

        Command.Result up = stack("up").run(Duration.ofMinutes(5));
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(readEnv(stackDir.resolve("env")).get("SPINDLE_API_KEY")).isEqualTo(key);
        api().get("/connections/" + kept).then().statusCode(200).body("id", equalTo(kept));
        api().get("/internal/connections/" + kept + "/credentials").then().statusCode(404);

        // --fresh starts empty, with the same key
        Command.Result fresh = stack("up", "--fresh").run(Duration.ofMinutes(5));
        assertThat(fresh.exitCode()).as(fresh.output()).isZero();
        assertThat(readEnv(stackDir.resolve("env")).get("SPINDLE_API_KEY")).isEqualTo(key);
        api().get("/connections/" + kept).then().statusCode(404);
        api().get("/connections").then().statusCode(200).body("data", org.hamcrest.Matchers.empty());
        api().get("/tasks").then().statusCode(200).body("data", org.hamcrest.Matchers.empty());
    }

    // ------------------------------------------------------------------------------------------------------

    private Command stack(String... args) {
        return local.stack(args);
    }

    private RequestSpecification api() {
        return local.api();
    }

    private String createConnection(RequestSpecification as, String secret) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "embedded");
        body.put("kind", "s3");
        body.put("endpoint", facts.get("SPINDLE_S3_ENDPOINT"));
        body.put("region", "us-east-1");
        body.put("access_key_id", facts.get("SPINDLE_S3_ACCESS_KEY_ID"));
        body.put("secret_access_key", secret);
        return as.body(body).post("/connections").then().statusCode(201).extract().path("id");
    }

    record HttpAnswer(int status, String body) {
        JsonPath json() {
            return new JsonPath(body);
        }
    }

    private HttpAnswer curl(String commandLine) {
        Command.Result result = new Command(List.of("bash", "-c", commandLine), Map.of(), ROOT)
                .run(Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.output()).isZero();
        String out = result.output().stripTrailing();
        int lastNewline = out.lastIndexOf('\n');
        return new HttpAnswer(Integer.parseInt(out.substring(lastNewline + 1).trim()), out.substring(0, lastNewline));
    }

    private Map<String, String> readSecrets() {
        return local.secrets();
    }

    private static Map<String, String> readEnv(Path file) {
        return LocalStack.readEnv(file);
    }
}
