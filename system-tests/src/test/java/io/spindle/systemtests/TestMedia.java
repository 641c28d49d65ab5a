package io.spindle.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioClient;
import io.spindle.contract.pipeline.MediaInfo;
import io.spindle.workerkit.media.Ffmpeg;
import io.spindle.workerkit.media.MediaProbe;
import io.spindle.workerkit.media.Subprocess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test media made with the bundled FFmpeg, and ffprobe's view of what landed in a bucket. */
final class TestMedia {

    static final MediaProbe PROBE = new MediaProbe(Duration.ofMinutes(1));

    private TestMedia() {
    }

    /** A 1920x1080 30 fps H.264/AAC test clip of {@code seconds}. */
    static Path clip1080p(String name, int seconds) throws IOException {
        Path clip = Files.createTempDirectory("spindle-it").resolve(name);
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", clip.toString());
        return clip;
    }

    /** Runs the bundled FFmpeg (quietly, overwriting) to make test media. */
    static void ffmpeg(String... args) {
        List<String> all = new ArrayList<>(List.of("-y", "-v", "error"));
        all.addAll(List.of(args));
        Subprocess.Result made = Subprocess.run(Ffmpeg.ffmpeg(), all, Duration.ofMinutes(5), 1024);
        assertThat(made.exitCode()).as(made.stderrTail()).isZero();
    }

    /** Probes an object in a bucket through a presigned url. */
    static MediaInfo probe(MinioClient s3, String bucket, String key) throws Exception {
        return PROBE.probe(s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET)
                .bucket(bucket).object(key).expiry(600).build()));
    }
}
