package io.spindle.transcode.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.spindle.contract.pipeline.MediaInfo;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.workerkit.lifecycle.TaskFailure;
import io.spindle.workerkit.media.Ffmpeg;
import io.spindle.workerkit.media.MediaProbe;
import io.spindle.workerkit.media.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every option set is run through the real FFmpeg and its output probed. */
class FfmpegArgumentsTest {

    @TempDir
    static Path dir;
    static Path source;
    static MediaInfo sourceInfo;
    static Path silentSource;
    static final MediaProbe probe = new MediaProbe(Duration.ofSeconds(30));
    final FfmpegArguments arguments = new FfmpegArguments(2);

    @BeforeAll
    static void makeSource() {
        source = dir.resolve("source.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                "-shortest", source.toString());
        sourceInfo = probe.probe(source.toString());
        silentSource = dir.resolve("silent.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "1", "-c:v", "libx264", "-preset",
                "ultrafast", "-pix_fmt", "yuv420p", silentSource.toString());
    }

    static void ffmpeg(String... args) {
        List<String> all = new ArrayList<>(List.of("-y", "-v", "error"));
        all.addAll(List.of(args));
        Subprocess.Result r = Subprocess.run(Ffmpeg.ffmpeg(), all, Duration.ofMinutes(2), 1024);
        assertThat(r.exitCode()).as(r.stderrTail()).isZero();
    }

    private MediaInfo transcode(TaskKind kind, Map<String, Object> options) throws Exception {
        return transcode(kind, options, source, sourceInfo);
    }

    private MediaInfo transcode(TaskKind kind, Map<String, Object> options, Path input, MediaInfo info)
            throws Exception {
        Path out = Files.createTempDirectory(dir, "out");
        TranscodePlan plan = arguments.plan(kind, options, input.toString(), info, out);
        List<String> progress = new ArrayList<>();
        Subprocess.Result r = Subprocess.run(Ffmpeg.ffmpeg(), plan.arguments(), Duration.ofMinutes(2), progress::add);
        assertThat(r.exitCode()).as(r.stderrTail()).isZero();
        assertThat(progress).anyMatch(l -> l.startsWith("out_time_us="));
        return probe.probe(out.resolve(plan.outputFilename()).toString());
    }

    @Test
    void theProductPageVideoIs1280x720H264WithAudioAndTheSameDuration() throws Exception {
        MediaInfo out = transcode(TaskKind.VIDEO, Map.of("width", 1280, "format", "mp4"));
        assertThat(out.container()).contains("mp4");
        assertThat(out.videoCodec()).isEqualTo("h264");
        assertThat(out.width()).isEqualTo(1280);
        assertThat(out.height()).isEqualTo(720);
        assertThat(out.audioCodec()).isEqualTo("aac");
        assertThat(out.duration()).isCloseTo(sourceInfo.duration(), within(0.1));
    }

    @Test
    void webmIsVp9WithOpus() throws Exception {
        MediaInfo out = transcode(TaskKind.VIDEO, Map.of("width", 640, "format", "webm", "codec", "vp9",
                "quality", "low"));
        assertThat(out.container()).contains("webm");
        assertThat(out.videoCodec()).isEqualTo("vp9");
        assertThat(out.audioCodec()).isEqualTo("opus");
        assertThat(out.width()).isEqualTo(640);
        assertThat(out.height()).isEqualTo(360);
    }

    @Test
    void fitsShapeTheFrame() throws Exception {
        for (String fit : List.of("contain", "cover", "fill")) {
            MediaInfo out = transcode(TaskKind.VIDEO, Map.of("width", 400, "height", 400, "fit", fit, "end", 0.5));
            assertThat(out.width()).as(fit).isEqualTo(400);
            assertThat(out.height()).as(fit).isEqualTo(400);
        }
        MediaInfo heightOnly = transcode(TaskKind.VIDEO, Map.of("height", 361, "end", 0.5));
        assertThat(heightOnly.height()).isEqualTo(360);
        assertThat(heightOnly.width()).isEqualTo(640);
    }

    @Test
    void startAndEndCut() throws Exception {
        MediaInfo out = transcode(TaskKind.VIDEO, Map.of("start", 1, "end", 2, "width", 320, "fps", 15));
        assertThat(out.duration()).isCloseTo(1.0, within(0.15));
        assertThat(out.frameRate()).isEqualTo(15.0);
    }

    @Test
    void audioFormats() throws Exception {
        MediaInfo mp3 = transcode(TaskKind.AUDIO, Map.of("format", "mp3"));
        assertThat(mp3.audioCodec()).isEqualTo("mp3");
        assertThat(mp3.hasVideo()).isFalse();
        assertThat(mp3.duration()).isCloseTo(3.0, within(0.15));
        MediaInfo opus = transcode(TaskKind.AUDIO, Map.of("format", "opus", "bitrate", 64_000));
        assertThat(opus.audioCodec()).isEqualTo("opus");
        for (String format : List.of("aac", "ogg", "wav", "flac")) {
            assertThat(transcode(TaskKind.AUDIO, Map.of("format", format, "end", 1)).hasAudio()).as(format).isTrue();
        }
    }

    @Test
    void imagesAreTakenAtTheChosenTime() throws Exception {
        MediaInfo jpeg = transcode(TaskKind.IMAGE, Map.of("format", "jpeg", "start", 1.5, "width", 320));
        assertThat(jpeg.videoCodec()).isEqualTo("mjpeg");
        assertThat(jpeg.width()).isEqualTo(320);
        assertThat(jpeg.height()).isEqualTo(180);
        MediaInfo webp = transcode(TaskKind.IMAGE, Map.of("format", "webp", "start", 2));
        assertThat(webp.videoCodec()).isEqualTo("webp");
        assertThat(webp.width()).isEqualTo(1920);
        assertThat(transcode(TaskKind.IMAGE, Map.of("format", "png", "width", 100)).videoCodec()).isEqualTo("png");
        assertThat(transcode(TaskKind.IMAGE, Map.of("format", "avif", "width", 160)).videoCodec()).isEqualTo("av1");
    }

    @Test
    void impossibleRequestsFailWithReasons() {
        assertThatThrownBy(() -> arguments.plan(TaskKind.IMAGE, Map.of("start", 10), "x", sourceInfo, dir))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo("invalid_options");
                    assertThat(f.getMessage()).contains("past the end");
                });
        MediaInfo silent = probe.probe(silentSource.toString());
        assertThatThrownBy(() -> arguments.plan(TaskKind.AUDIO, Map.of(), "x", silent, dir))
                .isInstanceOfSatisfying(TaskFailure.class, f -> assertThat(f.kind()).isEqualTo("invalid_media"));
    }
}
