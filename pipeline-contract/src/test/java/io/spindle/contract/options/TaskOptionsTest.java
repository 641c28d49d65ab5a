package io.spindle.contract.options;

import static io.spindle.contract.pipeline.TaskKind.AUDIO;
import static io.spindle.contract.pipeline.TaskKind.IMAGE;
import static io.spindle.contract.pipeline.TaskKind.UPLOAD;
import static io.spindle.contract.pipeline.TaskKind.VIDEO;
import static org.assertj.core.api.Assertions.assertThat;

import io.spindle.contract.Problem.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskOptionsTest {

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void theProductPageOptionsAreValid() {
        assertThat(TaskOptions.validate(VIDEO, Map.of("width", 1280, "format", "mp4"), "options")).isEmpty();
        assertThat(TaskOptions.validate(VIDEO, Map.of(), "options")).isEmpty();
        assertThat(TaskOptions.validate(AUDIO, Map.of("format", "opus", "bitrate", 96_000), "options")).isEmpty();
        assertThat(TaskOptions.validate(IMAGE, Map.of("format", "webp", "start", 1.5, "width", 320), "options"))
                .isEmpty();
    }

    @Test
    void everyBadValueIsNamed() {
        List<FieldError> errors = TaskOptions.validate(VIDEO, Map.of("width", 99999, "height", 10.5, "fit", "stretch",
                "format", "avi", "quality", "best", "fps", 120, "bitrate", 1, "colour", "red"), "options");
        assertThat(fields(errors)).containsExactlyInAnyOrder("options.width", "options.height", "options.fit",
                "options.format", "options.quality", "options.fps", "options.bitrate", "options.colour");
        assertThat(errors).filteredOn(e -> e.field().equals("options.colour")).first()
                .satisfies(e -> assertThat(e.message()).contains("unknown option", "width"));
        assertThat(fields(TaskOptions.validate(VIDEO, Map.of("width", "1280"), "options")))
                .containsExactly("options.width");
    }

    @Test
    void incompatibleFormatAndCodecAreRejected() {
        List<FieldError> errors = TaskOptions.validate(VIDEO, Map.of("format", "webm", "codec", "h264"),
                "tasks[0].options");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("tasks[0].options.codec");
            assertThat(e.message()).contains("webm takes av1, vp9");
        });
        assertThat(TaskOptions.validate(VIDEO, Map.of("format", "webm", "codec", "vp9"), "o")).isEmpty();
    }

    @Test
    void timesMustBeOrdered() {
        assertThat(fields(TaskOptions.validate(AUDIO, Map.of("start", 5, "end", 2), "options")))
                .containsExactly("options.end");
        assertThat(fields(TaskOptions.validate(AUDIO, Map.of("start", -1), "options")))
                .containsExactly("options.start");
        assertThat(fields(TaskOptions.validate(AUDIO, Map.of("format", "wma"), "options")))
                .containsExactly("options.format");
    }

    @Test
    void uploadOptionsAreChecked() {
        assertThat(fields(TaskOptions.validate(UPLOAD, Map.of("bucket", "", "key", 5, "acl", "public"), "o")))
                .containsExactlyInAnyOrder("o.bucket", "o.key", "o.acl");
    }

    @Test
    void destinationKeysAndContentTypesAreChecked() {
        for (String good : new String[] {"out/clip.mp4", "a", "videos/2026/12/07/My Clip (final).mp4", "ü/é.mp4",
            "x".repeat(1024), "a..b/c.mp4", ".hidden/x"}) {
            assertThat(TaskOptions.validate(UPLOAD, Map.of("bucket", "b1b", "key", good), "o")).as(good).isEmpty();
        }
        Map<String, String> bad = Map.of(
                "x".repeat(1025), "longer than 1024 bytes",
                "é".repeat(513), "longer than 1024 bytes",
                "out/clip\n.mp4", "control characters",
                "out/\u0000.mp4", "control characters",
                "/out/clip.mp4", "start or end with /",
                "out/", "start or end with /",
                "out//clip.mp4", "//",
                "out/../secret.mp4", ". or ..",
                "./clip.mp4", ". or ..",
                " ", "must not be empty");
        bad.forEach((key, message) -> assertThat(TaskOptions.validate(UPLOAD, Map.of("bucket", "b1b", "key", key),
                "o")).as(key).singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("o.key");
                    assertThat(e.message()).contains(message);
                }));

        for (String good : new String[] {"video/mp4", "audio/mpeg; charset=utf-8", "application/vnd.apple.mpegurl",
            "image/svg+xml", "text/plain;charset=\"utf-8\""}) {
            assertThat(TaskOptions.validate(UPLOAD, Map.of("key", "k", "content_type", good), "o")).as(good).isEmpty();
        }
        for (String wrong : new String[] {"mp4", "video/", "/mp4", "video/mp4\r\nX-Amz-Acl: public-read",
            "video/mp4; charset", "video mp4", "video/" + "x".repeat(300), ""}) {
            assertThat(fields(TaskOptions.validate(UPLOAD, Map.of("key", "k", "content_type", wrong), "o")))
                    .as(wrong).containsExactly("o.content_type");
        }
    }

    @Test
    void s3UrlsSayWhatIsWrongWithThem() {
        assertThat(io.spindle.contract.S3Url.problem("s3://my-bucket/out/clip.mp4")).isNull();
        assertThat(io.spindle.contract.S3Url.problem("s3://My_Bucket/x")).startsWith("must be s3://bucket/key");
        assertThat(io.spindle.contract.S3Url.problem("s3://my-bucket/out/../x")).isEqualTo(
                "has a key that must not contain . or .. as a path segment");
    }
}
