package io.spindle.workerkit.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real FFmpeg and real child processes: a stalled ffmpeg is stopped, and no child outlives a killed JVM. */
class SubprocessTest {

    @TempDir
    Path dir;

    /** Progress, as the transcode worker counts it: ffmpeg's output time moved on. */
    static Predicate<String> outputTimeMoves() {
        AtomicLong last = new AtomicLong(-1);
        return line -> {
            if (!line.startsWith("out_time_us=") || line.endsWith("N/A")) {
                return false;
            }
            long micros = Long.parseLong(line.substring("out_time_us=".length()).trim());
            return micros > last.getAndAccumulate(micros, Math::max);
        };
    }

    @Test
    void anFfmpegWhoseInputStallsIsStoppedAfterTheStallTimeout() throws Exception {
        Path stream = dir.resolve("stream.ts");
        Subprocess.Result made = Subprocess.run(Ffmpeg.ffmpeg(), List.of("-y", "-v", "error", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=25", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast",
                "-f", "mpegts", stream.toString()), Duration.ofSeconds(60), 1024);
        assertThat(made.exitCode()).as(made.stderrTail()).isZero();
        Path fifo = dir.resolve("input.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        // a writer that sends the first half of the stream, then holds the pipe open without sending more
        byte[] bytes = Files.readAllBytes(stream);
        CountDownLatch done = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                done.await();
            } catch (Exception e) {
                // ffmpeg was killed: the pipe broke
            }
        });
        writer.start();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> Subprocess.run(Ffmpeg.ffmpeg(), List.of("-nostdin", "-v", "error",
                    "-progress", "pipe:1", "-stats_period", "0.2", "-f", "mpegts", "-i", fifo.toString(),
                    "-f", "null", "-"), Duration.ofMinutes(1), Duration.ofSeconds(2), outputTimeMoves()))
                    .isInstanceOf(Subprocess.SubprocessStalledException.class)
                    .hasMessageContaining("no progress for PT2S");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().orElse("").endsWith("ffmpeg"))).isEmpty();
        } finally {
            done.countDown();
            writer.join(5_000);
        }
    }

    @Test
    void anFfmpegThatKeepsMovingIsNotStopped() {
        Subprocess.Result result = Subprocess.run(Ffmpeg.ffmpeg(), List.of("-nostdin", "-v", "error", "-re",
                "-progress", "pipe:1", "-stats_period", "0.2", "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
                "-f", "null", "-"), Duration.ofMinutes(1), Duration.ofSeconds(1), outputTimeMoves());
        assertThat(result.exitCode()).as(result.stderrTail()).isZero();
    }

    @Test
    void aChildDiesWithItsJvmEvenOnKill9() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Orphaner.class.getName()).redirectErrorStream(true).start();
        try {
            ProcessHandle child = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (child == null && System.nanoTime() < deadline) {
                child = jvm.descendants().filter(p -> p.info().commandLine().orElse("").contains("sleep 300"))
                        .findFirst().orElse(null);
                Thread.sleep(100);
            }
            assertThat(child).as("the JVM's sleep child").isNotNull();
            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
            ProcessHandle orphan = child;
            long killed = System.nanoTime();
            while (orphan.isAlive() && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(50);
            }
            assertThat(orphan.isAlive()).as("sleep outlived its JVM").isFalse();
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** A JVM that runs a long child process through {@link Subprocess}. */
    public static final class Orphaner {
        public static void main(String[] args) {
            Subprocess.run(Path.of("/bin/sleep"), List.of("300"), Duration.ofMinutes(10), 1024);
        }
    }
}
