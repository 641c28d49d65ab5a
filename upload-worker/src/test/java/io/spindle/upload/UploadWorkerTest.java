package io.spindle.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import io.spindle.workerkit.testing.PipelineProbe;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Upload commands in, objects in the customer's bucket (a real S3 server), events out. */
@QuarkusTest
@RealInfrastructure
class UploadWorkerTest {

    static final String PROJECT = "prj_uploadtest000001";
    static final String RUN = Ids.newId(IdKind.RUN);
    static final String GOOD = "con_goodgoodgoodgood";
    static final String WRONG = "con_wrongsecret00000";
    static final String BUCKET = "customer-bucket";

    static PipelineProbe pipeline;
    static MinioClient s3;
    static Artifact output;
    static byte[] content;

    @BeforeAll
    static void start() throws Exception {
        pipeline = new PipelineProbe(config("kafka.bootstrap.servers"), Topics.TASK_REPORTS);
        String endpoint = config("spindle.test.s3.endpoint");
        String access = config("spindle.test.s3.access-key");
        String secret = config("spindle.test.s3.secret-key");
        s3 = MinioClient.builder().endpoint(endpoint).credentials(access, secret).region("us-east-1").build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        CredentialsFiles.write(new ConnectionCredentials(GOOD,
                endpoint, "us-east-1", access, secret, "path"));
        CredentialsFiles.write(new ConnectionCredentials(WRONG,
                endpoint, "us-east-1", access, "not-the-secret", "auto"));

        // 20 MiB: more than one 16 MiB part
        content = new byte[20 * 1024 * 1024];
        new Random(42).nextBytes(content);
        String key = PROJECT + "/" + RUN + "/task_video00000000001/output.mp4";
        s3.putObject(PutObjectArgs.builder().bucket("spindle-work").object(key)
                .stream(new ByteArrayInputStream(content), (long) content.length, -1L).contentType("video/mp4").build());
        output = new Artifact("s3://spindle-work/" + key, null, "output.mp4", "video/mp4", (long) content.length, null,
                null);
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    static TaskCommand upload(Map<String, Object> options, Artifact input) {
        return new TaskCommand(TaskCommand.SCHEMA_VERSION, PROJECT, RUN, Ids.newId(IdKind.TASK),
                "task_video00000000001", TaskKind.UPLOAD, options, input, List.of(), Instant.now());
    }

    @Test
    void theOutputLandsInTheCustomersBucketWithItsType() throws Exception {
        TaskCommand command = upload(Map.of("connection_id", GOOD, "bucket", BUCKET, "key", "processed/video.mp4"),
                output);
        pipeline.send(command);
        TaskReport done = pipeline.awaitTerminal(command, Duration.ofMinutes(1));
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(TaskStatus.SUCCEEDED);
        Artifact out = done.outputs().get(0);
        assertThat(out.url()).isEqualTo("s3://" + BUCKET + "/processed/video.mp4");
        assertThat(out.connectionId()).isEqualTo(GOOD);
        assertThat(out.size()).isEqualTo(content.length);
        assertThat(out.etag()).isNotBlank();

        StatObjectResponse stat = s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object("processed/video.mp4")
                .build());
        assertThat(stat.size()).isEqualTo(content.length);
        assertThat(stat.contentType()).isEqualTo("video/mp4");
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(BUCKET).object("processed/video.mp4")
                .build())) {
            assertThat(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
        }
    }

    @Test
    void failuresSayWhatWentWrongAndLeaveNothingBehind() {
        assertFails(Map.of("connection_id", WRONG, "bucket", BUCKET, "key", "wrong/secret.mp4"), output,
                "wrong_secret");
        assertNothingAt("wrong/secret.mp4");
        assertFails(Map.of("connection_id", GOOD, "bucket", "no-such-bucket", "key", "x.mp4"), output,
                "bucket_not_found");
        assertFails(Map.of("connection_id", "con_unknownunknown00", "bucket", BUCKET, "key", "unknown/x.mp4"), output,
                "connection_not_found");
        assertNothingAt("unknown/x.mp4");
        assertFails(Map.of("connection_id", GOOD, "bucket", BUCKET, "key", "nothing.mp4"), null, "invalid_command");
        Artifact gone = new Artifact("s3://spindle-work/" + PROJECT + "/missing/output.mp4", null, "output.mp4",
                "video/mp4", 10L, null, null);
        assertFails(Map.of("connection_id", GOOD, "bucket", BUCKET, "key", "gone/x.mp4"), gone,
                "work_object_missing");
        assertNothingAt("gone/x.mp4");
    }

    @Test
    void aSourceThatEndsEarlyAbortsTheMultipartUploadAndLeavesNothing() throws Exception {
        // the work object is 18 MiB but claims 20: the first 16 MiB part goes up, then the stream runs dry
        String key = PROJECT + "/" + RUN + "/task_video00000000002/output.mp4";
        s3.putObject(PutObjectArgs.builder().bucket("spindle-work").object(key)
                .stream(new ByteArrayInputStream(content, 0, 18 * 1024 * 1024), 18L * 1024 * 1024, -1L).build());
        Artifact truncated = new Artifact("s3://spindle-work/" + key, null, "output.mp4", "video/mp4",
                (long) content.length, null, null);
        TaskCommand command = upload(Map.of("connection_id", GOOD, "bucket", BUCKET, "key", "truncated/video.mp4"),
                truncated);
        pipeline.send(command);
        TaskReport failed = pipeline.awaitTerminal(command, Duration.ofMinutes(1));
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error().kind()).as(failed.error().message()).isEqualTo("input_truncated");
        assertNothingAt("truncated/video.mp4");
        MinioAsyncClient async = MinioAsyncClient.builder().endpoint(config("spindle.test.s3.endpoint"))
                .credentials(config("spindle.test.s3.access-key"), config("spindle.test.s3.secret-key"))
                .region("us-east-1").build();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(async.listMultipartUploads(
                ListMultipartUploadsArgs.builder().bucket(BUCKET).prefix("truncated/").build()).get().result()
                .uploads()).as("parts of the abandoned upload").isEmpty());
    }

    private static void assertFails(Map<String, Object> options, Artifact input, String kind) {
        TaskCommand command = upload(options, input);
        pipeline.send(command);
        TaskReport failed = pipeline.awaitTerminal(command, Duration.ofMinutes(1));
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error().kind()).as(failed.error().message()).isEqualTo(kind);
    }

    private static void assertNothingAt(String key) {
        assertThatThrownBy(() -> s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build()))
                .hasMessageContaining("Object does not exist");
        assertThat(s3.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix(key).build())).isEmpty();
    }
}
