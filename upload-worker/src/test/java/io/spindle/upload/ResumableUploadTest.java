package io.spindle.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.StatObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.spindle.contract.S3Url;
import io.spindle.workerkit.lifecycle.TaskFailure;
import io.spindle.workerkit.storage.ResumableUpload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ResumableUpload} against a real S3 server: a failed try keeps its parts, the next goes on from them. */
@QuarkusTest
@RealInfrastructure
class ResumableUploadTest {

    static final int PART = 5 * 1024 * 1024;
    static final String BUCKET = "resumable-bucket";
    static final byte[] CONTENT = new byte[4 * PART + 12345];

    static MinioAsyncClient s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = MinioAsyncClient.builder().endpoint(config("spindle.test.s3.endpoint"))
                .credentials(config("spindle.test.s3.access-key"), config("spindle.test.s3.secret-key"))
                .region("us-east-1").build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build()).get()) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build()).get();
        }
        new Random(7).nextBytes(CONTENT);
    }

    @Test
    void aFailedTryKeepsItsPartsAndTheNextGoesOnFromThem() throws Exception {
        ResumableUpload upload = new ResumableUpload(s3, new S3Url(BUCKET, "resumed/video.mp4"), "video/mp4",
                CONTENT.length, PART);
        List<Long> opened = new ArrayList<>();
        // the first try's source breaks in the middle of the third part (the storage went away, say)
        assertThatThrownBy(() -> upload.send(offset -> {
            opened.add(offset);
            return new SequenceInputStream(new ByteArrayInputStream(CONTENT, 0, 2 * PART + PART / 2), broken());
        }, stored -> { })).isInstanceOf(IOException.class);
        assertThat(upload.pending()).isTrue();

        List<Long> progress = new ArrayList<>();
        upload.send(offset -> {
            opened.add(offset);
            return new ByteArrayInputStream(CONTENT, (int) offset, CONTENT.length - (int) offset);
        }, progress::add);

        assertThat(opened).as("the second try reads from the first part not stored").containsExactly(0L,
                2L * PART);
        assertThat(progress).containsExactly(2L * PART, 3L * PART, 4L * PART, (long) CONTENT.length);
        assertThat(upload.pending()).isFalse();
        assertThat(s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object("resumed/video.mp4").build()).get()
                .contentType()).isEqualTo("video/mp4");
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(BUCKET).object("resumed/video.mp4")
                .build()).get()) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(CONTENT));
        }
        assertThat(incompleteUploads("resumed/")).isZero();
    }

    @Test
    void anAbortedUploadLeavesNoParts() throws Exception {
        ResumableUpload upload = new ResumableUpload(s3, new S3Url(BUCKET, "aborted/video.mp4"), "video/mp4",
                CONTENT.length, PART);
        assertThatThrownBy(() -> upload.send(offset -> new SequenceInputStream(new ByteArrayInputStream(CONTENT, 0,
                PART + 1), broken()), stored -> { })).isInstanceOf(IOException.class);
        assertThat(incompleteUploads("aborted/")).isEqualTo(1);

        upload.abort().get();

        assertThat(incompleteUploads("aborted/")).isZero();
    }

    @Test
    void aSourceShorterThanItsSizeFailsForGood() {
        ResumableUpload upload = new ResumableUpload(s3, new S3Url(BUCKET, "short/video.mp4"), "video/mp4",
                CONTENT.length, PART);
        assertThatThrownBy(() -> upload.send(offset -> new ByteArrayInputStream(CONTENT, 0, 3 * PART),
                stored -> { })).isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo("input_truncated");
                    assertThat(f.isRetryable()).isFalse();
                    assertThat(f.getMessage()).contains("after " + 3 * PART + " of its " + CONTENT.length + " bytes");
                });
    }

    private static long incompleteUploads(String prefix) throws Exception {
        return s3.listMultipartUploads(ListMultipartUploadsArgs.builder().bucket(BUCKET).prefix(prefix).build()).get()
                .result().uploads().size();
    }

    private static InputStream broken() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
