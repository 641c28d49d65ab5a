package io.spindle.transcode.service;

import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.MediaInfo;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.transcode.config.TranscodeConfig;
import io.spindle.workerkit.lifecycle.TaskFailure;
import io.spindle.workerkit.lifecycle.TaskHandler;
import io.spindle.workerkit.media.Ffmpeg;
import io.spindle.workerkit.media.MediaInput;
import io.spindle.workerkit.media.MediaProbe;
import io.spindle.workerkit.media.Subprocess;
import io.spindle.workerkit.storage.ScratchSpace;
import io.spindle.workerkit.storage.WorkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code video}, {@code audio} and {@code image}: ffmpeg reads the input straight from work storage (a presigned
 * URL, with Range requests), writes the output to a scratch file (MP4's index at the front needs a seekable
 * file), which is probed and streamed to work storage. Progress comes from ffmpeg's {@code -progress} output.
 */
@ApplicationScoped
public class TranscodeHandler implements TaskHandler {

    private static final Logger LOG = Logger.getLogger(TranscodeHandler.class);

    private final WorkStorage work;
    private final TranscodeConfig config;
    private final FfmpegArguments arguments;
    private final MediaProbe probe = new MediaProbe(Duration.ofMinutes(2));

    private final ScratchSpace scratch;

    public TranscodeHandler(WorkStorage work, ScratchSpace scratch, TranscodeConfig config) {
        this.work = work;
        this.scratch = scratch;
        this.config = config;
        this.arguments = new FfmpegArguments(config.threads());
    }

    @Override
    public Set<TaskKind> kinds() {
        return Set.of(TaskKind.VIDEO, TaskKind.AUDIO, TaskKind.IMAGE);
    }

    @Override
    public List<Artifact> run(TaskCommand command, Progress progress) throws IOException {
        if (command.input() == null || S3Url.parse(command.input().url()) == null) {
            throw TaskFailure.permanent("invalid_command", "A " + command.kind().wireName() + " task needs an input"
                    + " in work storage (the output of its parent task).");
        }
        Path dir = scratch.forTask(command.taskId());
        try {
            String input = work.presignedGet(command.input(), config.timeout().plusHours(1));
            TranscodePlan plan = arguments.plan(command.kind(), command.options(), input, command.input().media(), dir);
            ProgressReader reader = new ProgressReader(plan.expectedSeconds(), progress);
            // the input (a signed URL) is never logged; the arguments are, to reproduce a transcode by hand
            LOG.infof("task %s: ffmpeg %s", command.taskId(), MediaInput.redact(String.join(" ", plan.arguments()),
                    input));
            Subprocess.Result result;
            try {
                result = Subprocess.run(Ffmpeg.ffmpeg(), plan.arguments(), config.timeout(), config.stallTimeout(),
                        reader::line);
            } catch (Subprocess.SubprocessTimeoutException e) {
                throw TaskFailure.permanent("timeout", "The transcode took longer than " + config.timeout()
                        .toMinutes() + " minutes and was stopped.");
            } catch (Subprocess.SubprocessStalledException e) {
                throw TaskFailure.retryable("stalled", "FFmpeg made no progress for " + config.stallTimeout()
                        .toSeconds() + " s (a stalled input or a hung decoder) and was stopped.");
            }
            Path output = dir.resolve(plan.outputFilename());
            if (result.exitCode() != 0 || !Files.isRegularFile(output) || Files.size(output) == 0) {
                throw failure(result, input);
            }
            MediaInfo media = probe.probe(output.toString());
            S3Url location = work.location(command, plan.outputFilename());
            WorkStorage.Stored stored;
            try (InputStream in = Files.newInputStream(output)) {
                stored = work.put(location, in, plan.contentType());
            }
            return List.of(new Artifact(location.toString(), null, plan.outputFilename(), plan.contentType(),
                    stored.size(), stored.etag(), media));
        } finally {
            scratch.release(dir);
        }
    }

    /** What ffmpeg's last words mean for the user; {@code input} (a signed URL) is never quoted. */
    static TaskFailure failure(Subprocess.Result result, String input) {
        String tail = result.stderrTail();
        String lower = tail.toLowerCase(Locale.ROOT);
        String last = tail.isBlank() ? "ffmpeg exited with " + result.exitCode()
                : MediaInput.redact(tail.strip().lines().reduce((a, b) -> b).orElse("").strip(), input);
        Optional<String> refusal = MediaInput.refusal(tail);
        if (refusal.isPresent()) {
            return TaskFailure.permanent("invalid_media", refusal.get());
        }
        if (lower.contains("invalid data found") || lower.contains("does not contain any stream")
                || lower.contains("could not find codec parameters") || lower.contains("error while decoding")) {
            return TaskFailure.permanent("invalid_media", "FFmpeg could not decode the input: " + last);
        }
        if (lower.contains("server returned 5") || lower.contains("connection refused")
                || lower.contains("connection timed out") || lower.contains("end of file")) {
            return TaskFailure.retryable("work_storage_unavailable", "Reading the input from work storage failed: "
                    + last);
        }
        return TaskFailure.permanent("transcode_failed", "FFmpeg failed: " + last);
    }

    /** Turns ffmpeg's {@code out_time_us=…} lines into a percentage; progress is output time moving on. */
    static final class ProgressReader {
        private final double expectedSeconds;
        private final Progress progress;
        private long lastMicros = -1;

        ProgressReader(double expectedSeconds, Progress progress) {
            this.expectedSeconds = expectedSeconds;
            this.progress = progress;
        }

        /** Reads one line of {@code -progress} output; true when the output time moved on. */
        boolean line(String line) {
            if (!line.startsWith("out_time_us=")) {
                return false;
            }
            long micros;
            try {
                micros = Long.parseLong(line.substring("out_time_us=".length()).trim());
            } catch (NumberFormatException e) {
                return false; // "N/A" before the first frame
            }
            if (expectedSeconds > 0) {
                progress.report((int) Math.min(99, micros / 1e6 / expectedSeconds * 100));
            }
            boolean moved = micros > lastMicros;
            lastMicros = Math.max(lastMicros, micros);
            return moved;
        }
    }
}
