package io.spindle.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.CreateMultipartUploadArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.spindle.workerkit.storage.WorkRetention;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Work-storage retention on s3proxy, which takes no lifecycle rule: the worker's sweep deletes what is older than
 * the (shortened) retention, keeps what is younger, and aborts multipart uploads older than a day.
 */
@QuarkusTest
@RealInfrastructure
@TestProfile(WorkRetentionTest.ShortRetention.class)
class WorkRetentionTest {

    static final String BUCKET = "retention-work";
    static final Duration RETENTION = Duration.ofSeconds(3);

    public static class ShortRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("spindle.work-storage.bucket", BUCKET, "spindle.work-storage.retention", "3s");
        }
    }

    @Inject
    WorkRetention retention;

    @Test
    void theSweepDeletesWhatOutlivedTheRetentionAndKeepsTheRest() throws Exception {
        MinioAsyncClient s3 = client();
        put(s3, "prj_a/run_a/task_old/output.mp4");
        put(s3, "prj_a/run_a/task_old/_attempts.json");
        Thread.sleep(RETENTION.plusSeconds(1).toMillis());
        put(s3, "prj_a/run_b/task_fresh/output.mp4");

        WorkRetention.Swept swept = retention.sweep(Instant.now());

        assertThat(swept.objects()).isEqualTo(2);
        assertThat(keys(s3)).containsExactly("prj_a/run_b/task_fresh/output.mp4");
    }

    @Test
    void theSweepAbortsUploadsAbandonedForADay() throws Exception {
        MinioAsyncClient s3 = client();
        s3.createMultipartUpload(CreateMultipartUploadArgs.builder().bucket(BUCKET)
                .object("prj_a/run_c/task_died/output.mp4").build()).get();

        assertThat(retention.sweep(Instant.now()).uploads()).as("a fresh upload").isZero();
        assertThat(uploads(s3)).isEqualTo(1);

        assertThat(retention.sweep(Instant.now().plus(Duration.ofDays(1)).plusSeconds(60)).uploads()).isEqualTo(1);
        assertThat(uploads(s3)).isZero();
    }

    private static void put(MinioAsyncClient s3, String key) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).stream(new ByteArrayInputStream(new byte[10]),
                10L, -1L).build()).get();
    }

    private static List<String> keys(MinioAsyncClient s3) throws Exception {
        List<String> keys = new ArrayList<>();
        for (var item : s3.listObjects(ListObjectsArgs.builder().bucket(BUCKET).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    private static int uploads(MinioAsyncClient s3) throws Exception {
        return s3.listMultipartUploads(ListMultipartUploadsArgs.builder().bucket(BUCKET).build()).get().result()
                .uploads().size();
    }

    private static MinioAsyncClient client() {
        return MinioAsyncClient.builder().endpoint(config("spindle.test.s3.endpoint"))
                .credentials(config("spindle.test.s3.access-key"), config("spindle.test.s3.secret-key"))
                .region("us-east-1").build();
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
