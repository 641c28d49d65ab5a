package io.spindle.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.BucketExistsArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCancellation;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import io.spindle.workerkit.testing.PipelineProbe;
import java.io.ByteArrayInputStream;
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

/**
 * A cancellation that reaches an upload mid-transfer (5 MiB parts at 2 MiB/s): the transfer stops, the multipart
 * upload is aborted, and nothing appears at the destination, within 5 s. Real Kafka and a real S3 server.
 */
@QuarkusTest
@RealInfrastructure
@TestProfile(UploadCancelTest.SlowUploads.class)
class UploadCancelTest {

    static final String PROJECT = "prj_uploadcancel0001";
    static final String CONNECTION = "con_cancelcancel0001";
    static final String BUCKET = "cancel-bucket";

    public static class SlowUploads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("spindle.upload.part-size", Integer.toString(5 * 1024 * 1024),
                    "spindle.upload.max-bytes-per-second", Integer.toString(2 * 1024 * 1024));
        }
    }

    static PipelineProbe pipeline;
    static MinioAsyncClient s3;

    @BeforeAll
    static void start() throws Exception {
        pipeline = new PipelineProbe(config("kafka.bootstrap.servers"), Topics.TASK_REPORTS);
        String endpoint = config("spindle.test.s3.endpoint");
        String access = config("spindle.test.s3.access-key");
        String secret = config("spindle.test.s3.secret-key");
        s3 = MinioAsyncClient.builder().endpoint(endpoint).credentials(access, secret).region("us-east-1").build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build()).get()) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build()).get();
        }
        CredentialsFiles.write(new ConnectionCredentials(
                CONNECTION, endpoint, "us-east-1", access, secret, "path"));
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    @Test
    void aCancelledUploadIsStoppedItsPartsAbortedAndNothingLands() throws Exception {
        byte[] content = new byte[30 * 1024 * 1024]; // 6 parts: some 15 s at 2 MiB/s
        new Random(7).nextBytes(content);
        String run = Ids.newId(IdKind.RUN);
        String work = PROJECT + "/" + run + "/task_video00000000003/output.mp4";
        s3.putObject(PutObjectArgs.builder().bucket("spindle-work").object(work)
                .stream(new ByteArrayInputStream(content), (long) content.length, -1L).build()).get();
        TaskCommand command = new TaskCommand(TaskCommand.SCHEMA_VERSION, PROJECT, run, Ids.newId(IdKind.TASK),
                "task_video00000000003", TaskKind.UPLOAD, Map.of("connection_id", CONNECTION, "bucket", BUCKET, "key",
                        "cancelled/video.mp4"), new Artifact("s3://spindle-work/" + work, null, "output.mp4",
                        "video/mp4", (long) content.length, null, null), List.of(), Instant.now());
        pipeline.send(command);
        pipeline.awaitReport(command, Duration.ofSeconds(30), r -> r.status() == TaskStatus.PROCESSING);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !uploads().isEmpty()); // parts are going up

        long asked = System.nanoTime();
        pipeline.send(Topics.TASK_CANCELLATIONS, run, PipelineJson.write(new TaskCancellation(
                TaskCancellation.SCHEMA_VERSION, PROJECT, run, List.of(command.taskId()), Instant.now())));
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> uploads().isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("from the cancellation to the upload aborted")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(s3.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix("cancelled/").build()))
                .as("objects at the destination").isEmpty();
        // nor does the upload come back or end: the task is over, the gateway has it cancelled
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> uploads().isEmpty()
                && pipeline.reports(command).stream().noneMatch(r -> r.status().isTerminal()));
    }

    private static List<String> uploads() throws Exception {
        return s3.listMultipartUploads(ListMultipartUploadsArgs.builder().bucket(BUCKET).prefix("cancelled/").build())
                .get().result().uploads().stream().map(u -> u.uploadId()).toList();
    }
}
