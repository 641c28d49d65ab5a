package io.spindle.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.GetObjectArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.MinioAsyncClient;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The S3 server stopped mid-upload ({@code deploy/local/stack stop s3}): an upload that sees it come back within
 * the retry horizon resumes from the parts already stored and completes; one that does not fails
 * {@code unreachable}, naming the horizon, and leaves no parts at the destination. The upload worker is
 * restarted for these tests with 5 MiB parts and a 1 MiB/s cap, so an upload lasts long enough to catch.
 */
@ExtendWith(LocalStack.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageOutagesIT {

    static final String UPLOAD_WORKER = "upload-worker";
    static final String INPUT = "storage-outages/input-40mib.wav";
    static final Duration OUTAGE = Duration.ofSeconds(60);
    static final Map<String, String> SLOW_UPLOADS = Map.of("SPINDLE_UPLOAD_PART_SIZE", Integer.toString(5 << 20),
            "SPINDLE_UPLOAD_MAX_BYTES_PER_SECOND", Integer.toString(1 << 20));

    LocalStack local;
    String connection;
    byte[] inputDigest;

    @BeforeAll
    void setUp(LocalStack local) throws Exception {
        this.local = local;
        LocalStack.ensureBucket(local.s3(), "my-bucket");
        // 40 MiB of PCM audio: 8 parts of 5 MiB, some 40 s at 1 MiB/s
        Path wav = Files.createTempDirectory("spindle-it").resolve("input-40mib.wav");
        TestMedia.ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "218", "-ac", "2",
                "-c:a", "pcm_s16le", wav.toString());
        inputDigest = sha256(Files.newInputStream(wav));
        local.s3().uploadObject(UploadObjectArgs.builder().bucket("my-bucket").object(INPUT)
                .filename(wav.toString()).contentType("audio/wav").build());
        connection = local.connectionToItsS3("storage-outages");
    }

    @AfterAll
    void restoreTheUploadWorker() {
        restartUploadWorker(Map.of());
    }

    @Test
    void s3DownForAMinuteMidUploadThenBackTheUploadResumesAndCompletes() throws Exception {
        restartUploadWorker(SLOW_UPLOADS);
        String key = "storage-outages/resumed.wav";
        String run = postRun(key);
        awaitUploadProgressAtLeast(run, 20);

        outage(OUTAGE);

        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() ->
                List.of("succeeded", "failed").contains(local.api().get("/runs/" + run).<String>path("status")));
        JsonPath done = local.api().get("/runs/" + run).jsonPath();
        assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
        try (InputStream in = local.s3().getObject(GetObjectArgs.builder().bucket("my-bucket").object(key).build())) {
            assertThat(sha256(in)).as("the object at the destination is the whole input").isEqualTo(inputDigest);
        }
        assertThat(Files.readString(local.log(UPLOAD_WORKER))).as("the upload went on from the parts stored")
                .containsPattern("resuming the upload to s3://my-bucket/" + key + " at part [2-8] of 8");
        assertThat(incompleteUploads(key)).isZero();
    }

    @Test
    void s3NotBackWithinTheHorizonFailsUnreachableAndLeavesNoParts() throws Exception {
        Map<String, String> shortHorizon = new java.util.HashMap<>(SLOW_UPLOADS);
        shortHorizon.put("SPINDLE_WORKER_RETRY_HORIZON", "20s");
        restartUploadWorker(shortHorizon);
        String key = "storage-outages/abandoned.wav";
        String run = postRun(key);
        awaitUploadProgressAtLeast(run, 20);

        // the first failure cannot come before the stop begins (it may before the stop command returns)
        long stopped = System.nanoTime();
        assertThat(local.stack("stop", "s3").run(Duration.ofMinutes(2)).exitCode()).isZero();
        JsonPath failed;
        try {
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    "failed".equals(local.api().get("/runs/" + run).path("tasks[1].status")));
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("the horizon counts from the first failure")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(20));
            failed = local.api().get("/runs/" + run).jsonPath();
        } finally {
            assertThat(local.stack("start", "s3").run(Duration.ofMinutes(2)).exitCode()).isZero();
        }
        assertThat(failed.getString("tasks[1].error.kind")).as(failed.prettify()).isEqualTo("unreachable");
        assertThat(failed.getString("tasks[1].error.message")).contains("gave up after trying for 20 s");
        // the abort waits for the storage too: then no part is left, and no object
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(incompleteUploads(key)).as("incomplete multipart uploads").isZero());
        assertThatThrownBy(() -> local.s3().statObject(StatObjectArgs.builder().bucket("my-bucket").object(key)
                .build())).hasMessageContaining("Object does not exist");
    }

    /** An ingest from the bucket and an upload of the same bytes to {@code key}, through the stack's S3. */
    private String postRun(String key) {
        Map<String, Object> upload = Map.of("kind", "upload", "options", Map.of("connection_id", connection,
                "bucket", "my-bucket", "key", key));
        Map<String, Object> ingest = Map.of("kind", "ingest", "options", Map.of("connection_id", connection,
                "bucket", "my-bucket", "key", INPUT), "next", List.of(upload));
        return local.api().body(Map.of("tasks", List.of(ingest))).post("/runs").then().statusCode(201).extract()
                .path("id");
    }

    private void awaitUploadProgressAtLeast(String run, int percent) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonPath r = local.api().get("/runs/" + run).jsonPath();
            return "processing".equals(r.getString("tasks[1].status")) && r.getInt("tasks[1].progress") >= percent;
        });
    }

    private void outage(Duration length) throws InterruptedException {
        assertThat(local.stack("stop", "s3").run(Duration.ofMinutes(2)).exitCode()).isZero();
        try {
            Thread.sleep(length.toMillis());
        } finally {
            assertThat(local.stack("start", "s3").run(Duration.ofMinutes(2)).exitCode()).isZero();
        }
    }

    private void restartUploadWorker(Map<String, String> settings) {
        Command.Result stopped = local.stack("stop", UPLOAD_WORKER).run(Duration.ofMinutes(2));
        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        Command.Result started = local.stack(settings, "start", UPLOAD_WORKER).run(Duration.ofMinutes(2));
        assertThat(started.exitCode()).as(started.output()).isZero();
    }

    private long incompleteUploads(String key) throws Exception {
        MinioAsyncClient s3 = MinioAsyncClient.builder().endpoint(local.facts.get("SPINDLE_S3_ENDPOINT"))
                .credentials(local.facts.get("SPINDLE_S3_ACCESS_KEY_ID"),
                        local.facts.get("SPINDLE_S3_SECRET_ACCESS_KEY"))
                .region(local.facts.get("SPINDLE_S3_REGION")).build();
        return s3.listMultipartUploads(ListMultipartUploadsArgs.builder().bucket("my-bucket").prefix(key).build())
                .get().result().uploads().size();
    }

    private static byte[] sha256(InputStream in) throws Exception {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        }
    }
}
