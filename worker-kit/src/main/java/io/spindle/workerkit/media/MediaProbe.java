package io.spindle.workerkit.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.spindle.contract.pipeline.MediaInfo;
import io.spindle.contract.pipeline.PipelineJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the facts of a media file (local path or http(s) URL) with ffprobe. */
public final class MediaProbe {

    /** Demuxers that "succeed" on files that are not media (ANSI art, plain text). */
    private static final Set<String> NOT_MEDIA = Set.of("tty");
    private static final int MAX_JSON = 4 * 1024 * 1024;

    private final Duration timeout;

    public MediaProbe(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @throws InvalidMediaException when the input is not media, with ffprobe's own reason
     */
    public MediaInfo probe(String input) {
        List<String> arguments = new ArrayList<>(List.of("-v", "error", "-print_format", "json", "-show_format",
                "-show_streams"));
        arguments.addAll(MediaInput.options(input));
        arguments.add(input);
        Subprocess.Result result = Subprocess.run(Ffmpeg.ffprobe(), arguments, timeout, MAX_JSON);
        if (result.exitCode() != 0) {
            MediaInput.refusal(result.stderrTail()).ifPresent(refusal -> {
                throw new InvalidMediaException(refusal);
            });
            String reason = result.stderrTail().isBlank() ? "ffprobe exited with " + result.exitCode()
                    : MediaInput.redact(lastLine(result.stderrTail()), input);
            throw new InvalidMediaException("The input is not a media file FFmpeg can read: " + reason);
        }
        JsonNode root;
        try {
            root = PipelineJson.mapper().readTree(result.stdout());
        } catch (IOException e) {
            throw new IllegalStateException("ffprobe printed unreadable JSON", e);
        }
        JsonNode format = root.path("format");
        String container = text(format, "format_name");
        JsonNode video = firstStream(root, "video");
        JsonNode audio = firstStream(root, "audio");
        if (container == null || NOT_MEDIA.contains(container) || (video == null && audio == null)) {
            throw new InvalidMediaException("The input is not a media file: it has no audio or video stream"
                    + (container == null ? "" : " (FFmpeg read it as '" + container + "')") + ".");
        }
        return new MediaInfo(
                container,
                number(format, "duration"),
                video == null ? null : integer(video, "width"),
                video == null ? null : integer(video, "height"),
                video == null ? null : frameRate(video),
                video == null ? null : text(video, "codec_name"),
                audio == null ? null : text(audio, "codec_name"),
                audio == null ? null : integer(audio, "channels"),
                audio == null ? null : integer(audio, "sample_rate"),
                longValue(format, "bit_rate"),
                longValue(format, "size"));
    }

    private static JsonNode firstStream(JsonNode root, String type) {
        for (JsonNode stream : root.path("streams")) {
            if (type.equals(stream.path("codec_type").asText())
                    && !(type.equals("video") && stream.path("disposition").path("attached_pic").asInt() == 1)) {
                return stream;
            }
        }
        return null;
    }

    private static Double frameRate(JsonNode video) {
        for (String field : List.of("avg_frame_rate", "r_frame_rate")) {
            String rate = text(video, field);
            if (rate != null && rate.contains("/")) {
                double num = Double.parseDouble(rate.substring(0, rate.indexOf('/')));
                double den = Double.parseDouble(rate.substring(rate.indexOf('/') + 1));
                if (num > 0 && den > 0) {
                    return Math.round(num / den * 1000) / 1000.0;
                }
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static Double number(JsonNode node, String field) {
        String v = text(node, field);
        try {
            return v == null ? null : Double.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer integer(JsonNode node, String field) {
        Double v = number(node, field);
        return v == null ? null : v.intValue();
    }

    private static Long longValue(JsonNode node, String field) {
        Double v = number(node, field);
        return v == null ? null : v.longValue();
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
