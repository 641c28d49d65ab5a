package io.spindle.workerkit.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.spindle.contract.pipeline.MediaInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes real files made by the bundled FFmpeg. */
class MediaProbeTest {

    @TempDir
    static Path dir;
    static Path clip;
    static Path tone;

    final MediaProbe probe = new MediaProbe(Duration.ofSeconds(30));

    @BeforeAll
    static void makeMedia() {
        clip = dir.resolve("clip.mp4");
        run("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                "-shortest", clip.toString());
        tone = dir.resolve("tone.mp3");
        run("-f", "lavfi", "-i", "sine=frequency=440", "-t", "1.5", "-c:a", "libmp3lame", tone.toString());
    }

    static void run(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("-y", "-v", "error"));
        all.addAll(List.of(args));
        Subprocess.Result r = Subprocess.run(Ffmpeg.ffmpeg(), all, Duration.ofSeconds(60), 1024);
        assertThat(r.exitCode()).as(r.stderrTail()).isZero();
    }

    @Test
    void aVideoClipHasItsFacts() {
        MediaInfo info = probe.probe(clip.toString());
        assertThat(info.container()).contains("mp4");
        assertThat(info.width()).isEqualTo(640);
        assertThat(info.height()).isEqualTo(360);
        assertThat(info.frameRate()).isEqualTo(30.0);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.audioCodec()).isEqualTo("aac");
        assertThat(info.duration()).isCloseTo(2.0, within(0.1));
        assertThat(info.size()).isEqualTo(clip.toFile().length());
        assertThat(info.bitrate()).isPositive();
    }

    @Test
    void anAudioFileHasNoPicture() {
        MediaInfo info = probe.probe(tone.toString());
        assertThat(info.audioCodec()).isEqualTo("mp3");
        assertThat(info.hasVideo()).isFalse();
        assertThat(info.width()).isNull();
        assertThat(info.audioChannels()).isEqualTo(1);
        assertThat(info.duration()).isCloseTo(1.5, within(0.1));
    }

    @Test
    void textIsNotMediaEvenWithATextExtension() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "just some words\nand more words\n".repeat(50));
        assertThatThrownBy(() -> probe.probe(notes.toString())).isInstanceOf(InvalidMediaException.class)
                .hasMessageContaining("not a media file");
        Path blob = Files.write(dir.resolve("blob"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> probe.probe(blob.toString())).isInstanceOf(InvalidMediaException.class);
    }

    @Test
    void aMissingFileIsReported() {
        assertThatThrownBy(() -> probe.probe(dir.resolve("nope.mp4").toString()))
                .isInstanceOf(InvalidMediaException.class).hasMessageContaining("No such file");
    }
}
