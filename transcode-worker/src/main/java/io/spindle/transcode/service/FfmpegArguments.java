package io.spindle.transcode.service;

import io.spindle.contract.pipeline.MediaInfo;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.workerkit.lifecycle.TaskFailure;
import io.spindle.workerkit.media.MediaInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a task's options (already validated against {@code TaskOptions}) into ffmpeg arguments. Defaults follow
 * ittybit: H.264/AAC in MP4 with the index at the front, the source's size and frame rate.
 *
 * <ul>
 *   <li>{@code width} or {@code height} alone keeps the aspect ratio; results always have even dimensions;</li>
 *   <li>both: {@code contain} (default) fits inside and pads to the box, {@code cover} fills the box and crops,
 *       {@code fill} stretches;</li>
 *   <li>{@code quality} picks a constant-quality level per codec; {@code bitrate} asks for a bitrate instead.</li>
 * </ul>
 */
public final class FfmpegArguments {

    /** How each audio format is made: Opus in Ogg for {@code ogg}, as this FFmpeg build has no Vorbis encoder. */
    private record AudioFormat(String codec, String muxer, String extension, String contentType, boolean lossy) {
    }

    private static final Map<String, AudioFormat> AUDIO_FORMATS = Map.of(
            "mp3", new AudioFormat("libmp3lame", "mp3", "mp3", "audio/mpeg", true),
            "aac", new AudioFormat("aac", "adts", "aac", "audio/aac", true),
            "ogg", new AudioFormat("libopus", "ogg", "ogg", "audio/ogg", true),
            "opus", new AudioFormat("libopus", "opus", "opus", "audio/opus", true),
            "wav", new AudioFormat("pcm_s16le", "wav", "wav", "audio/wav", false),
            "flac", new AudioFormat("flac", "flac", "flac", "audio/flac", false));

    private final int threads;

    public FfmpegArguments(int threads) {
        this.threads = threads;
    }

    public TranscodePlan plan(TaskKind kind, Map<String, Object> options, String input, MediaInfo media, Path workDir) {
        return switch (kind) {
            case VIDEO -> video(options, input, media, workDir);
            case AUDIO -> audio(options, input, media, workDir);
            case IMAGE -> image(options, input, media, workDir);
            default -> throw TaskFailure.permanent("invalid_command", "transcode-worker does not do " + kind
                    .wireName() + " tasks.");
        };
    }

    private TranscodePlan video(Map<String, Object> o, String input, MediaInfo media, Path dir) {
        if (media != null && !media.hasVideo()) {
            throw TaskFailure.permanent("invalid_media", "The input has no video stream; use an audio task for it.");
        }
        String format = str(o, "format", "mp4");
        String codec = str(o, "codec", "webm".equals(format) ? "vp9" : "h264");
        List<String> args = start();
        double[] range = timeRange(o, media);
        addSeek(args, range);
        args.addAll(MediaInput.options(input));
        args.addAll(List.of("-i", input));
        addDuration(args, range);
        args.addAll(List.of("-map", "0:v:0", "-map", "0:a:0?"));
        String scale = scaleFilter(o);
        List<String> filters = new ArrayList<>();
        if (scale != null) {
            filters.add(scale);
        }
        if (o.get("fps") instanceof Number fps) {
            filters.add("fps=" + fps.doubleValue());
        }
        if (!filters.isEmpty()) {
            args.addAll(List.of("-vf", String.join(",", filters)));
        }
        String quality = str(o, "quality", "medium");
        switch (codec) {
            case "h264" -> args.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"));
            case "h265" -> args.addAll(List.of("-c:v", "libx265", "-preset", "fast", "-pix_fmt", "yuv420p",
                    "-tag:v", "hvc1", "-x265-params", "log-level=error"));
            case "vp9" -> args.addAll(List.of("-c:v", "libvpx-vp9", "-deadline", "good", "-cpu-used", "4",
                    "-row-mt", "1", "-pix_fmt", "yuv420p"));
            case "av1" -> args.addAll(List.of("-c:v", "libsvtav1", "-preset", "8", "-pix_fmt", "yuv420p"));
            default -> throw TaskFailure.permanent("invalid_options", "options.codec: unknown codec " + codec);
        }
        if (o.get("bitrate") instanceof Number bitrate) {
            args.addAll(List.of("-b:v", Long.toString(bitrate.longValue())));
        } else {
            args.addAll(List.of("-crf", Integer.toString(crf(codec, quality))));
            if (codec.equals("vp9")) {
                args.addAll(List.of("-b:v", "0"));
            }
        }
        if ("webm".equals(format)) {
            args.addAll(List.of("-c:a", "libopus", "-b:a", "96k"));
        } else {
            args.addAll(List.of("-c:a", "aac", "-b:a", "128k"));
        }
        if (!"webm".equals(format)) {
            args.addAll(List.of("-movflags", "+faststart"));
        }
        String filename = "output." + format;
        args.addAll(List.of("-f", format.equals("mov") ? "mov" : format, dir.resolve(filename).toString()));
        String type = switch (format) {
            case "webm" -> "video/webm";
            case "mov" -> "video/quicktime";
            default -> "video/mp4";
        };
        return new TranscodePlan(args, filename, type, expected(range, media));
    }

    private TranscodePlan audio(Map<String, Object> o, String input, MediaInfo media, Path dir) {
        if (media != null && !media.hasAudio()) {
            throw TaskFailure.permanent("invalid_media", "The input has no audio stream.");
        }
        String format = str(o, "format", "mp3");
        String quality = str(o, "quality", "medium");
        List<String> args = start();
        double[] range = timeRange(o, media);
        addSeek(args, range);
        args.addAll(MediaInput.options(input));
        args.addAll(List.of("-i", input));
        addDuration(args, range);
        args.addAll(List.of("-map", "0:a:0", "-vn"));
        AudioFormat audio = AUDIO_FORMATS.get(format);
        if (audio == null) {
            throw TaskFailure.permanent("invalid_options", "options.format: unknown audio format " + format);
        }
        args.addAll(List.of("-c:a", audio.codec()));
        if (audio.lossy()) {
            args.addAll(List.of("-b:a", o.get("bitrate") instanceof Number b ? Long.toString(b.longValue())
                    : audioBitrate(format, quality)));
        }
        String filename = "output." + audio.extension();
        args.addAll(List.of("-f", audio.muxer(), dir.resolve(filename).toString()));
        return new TranscodePlan(args, filename, audio.contentType(), expected(range, media));
    }

    private TranscodePlan image(Map<String, Object> o, String input, MediaInfo media, Path dir) {
        if (media != null && !media.hasVideo()) {
            throw TaskFailure.permanent("invalid_media", "The input has no picture to take an image from.");
        }
        String format = str(o, "format", "jpeg");
        double at = o.get("start") instanceof Number s ? s.doubleValue() : 0;
        if (media != null && media.duration() != null && media.duration() > 0 && at >= media.duration()) {
            throw TaskFailure.permanent("invalid_options", "options.start: " + at + " s is past the end of the"
                    + " input (" + media.duration() + " s).");
        }
        List<String> args = start();
        if (at > 0) {
            args.addAll(List.of("-ss", seconds(at)));
        }
        args.addAll(MediaInput.options(input));
        args.addAll(List.of("-i", input, "-map", "0:v:0", "-frames:v", "1", "-an"));
        String scale = scaleFilter(o);
        if (scale != null) {
            args.addAll(List.of("-vf", scale));
        }
        String quality = str(o, "quality", "high");
        String extension;
        String type;
        switch (format) {
            case "jpeg" -> {
                int q = Map.of("very_low", 20, "low", 12, "medium", 6, "high", 3, "very_high", 2).get(quality);
                args.addAll(List.of("-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-q:v", Integer.toString(q),
                        "-f", "image2"));
                extension = "jpg";
                type = "image/jpeg";
            }
            case "png" -> {
                args.addAll(List.of("-c:v", "png", "-f", "image2"));
                extension = "png";
                type = "image/png";
            }
            case "webp" -> {
                int q = Map.of("very_low", 40, "low", 60, "medium", 75, "high", 85, "very_high", 95).get(quality);
                args.addAll(List.of("-c:v", "libwebp", "-quality", Integer.toString(q), "-f", "webp"));
                extension = "webp";
                type = "image/webp";
            }
            case "avif" -> {
                int crf = Map.of("very_low", 45, "low", 38, "medium", 32, "high", 26, "very_high", 20).get(quality);
                args.addAll(List.of("-c:v", "libaom-av1", "-still-picture", "1", "-crf", Integer.toString(crf),
                        "-cpu-used", "6", "-pix_fmt", "yuv420p", "-f", "avif"));
                extension = "avif";
                type = "image/avif";
            }
            default -> throw TaskFailure.permanent("invalid_options", "options.format: unknown image format " + format);
        }
        String filename = "output." + extension;
        args.add(dir.resolve(filename).toString());
        return new TranscodePlan(args, filename, type, 0);
    }

    private List<String> start() {
        return new ArrayList<>(List.of("-y", "-hide_banner", "-nostdin", "-v", "error", "-nostats",
                "-progress", "pipe:1", "-threads", Integer.toString(threads)));
    }

    /** {@code [start, end]} in seconds; end is NaN when open. */
    private static double[] timeRange(Map<String, Object> o, MediaInfo media) {
        double start = o.get("start") instanceof Number s ? s.doubleValue() : 0;
        double end = o.get("end") instanceof Number e ? e.doubleValue() : Double.NaN;
        if (media != null && media.duration() != null && media.duration() > 0 && start >= media.duration()) {
            throw TaskFailure.permanent("invalid_options", "options.start: " + start + " s is past the end of the"
                    + " input (" + media.duration() + " s).");
        }
        return new double[] {start, end};
    }

    private static void addSeek(List<String> args, double[] range) {
        if (range[0] > 0) {
            args.addAll(List.of("-ss", seconds(range[0])));
        }
    }

    private static void addDuration(List<String> args, double[] range) {
        if (!Double.isNaN(range[1])) {
            args.addAll(List.of("-t", seconds(range[1] - range[0])));
        }
    }

    private static double expected(double[] range, MediaInfo media) {
        double total = media == null || media.duration() == null ? 0 : media.duration();
        double end = Double.isNaN(range[1]) ? total : Math.min(range[1], total > 0 ? total : range[1]);
        return Math.max(0, end - range[0]);
    }

    /** The scale (and pad or crop) filter for width/height/fit; null to keep the source's size. */
    static String scaleFilter(Map<String, Object> o) {
        Integer width = o.get("width") instanceof Number w ? even(w.intValue()) : null;
        Integer height = o.get("height") instanceof Number h ? even(h.intValue()) : null;
        if (width == null && height == null) {
            return "scale=trunc(iw/2)*2:trunc(ih/2)*2";
        }
        if (height == null) {
            return "scale=" + width + ":-2";
        }
        if (width == null) {
            return "scale=-2:" + height;
        }
        return switch (str(o, "fit", "contain")) {
            case "cover" -> "scale=" + width + ":" + height + ":force_original_aspect_ratio=increase,crop=" + width
                    + ":" + height;
            case "fill" -> "scale=" + width + ":" + height + ",setsar=1";
            default -> "scale=" + width + ":" + height + ":force_original_aspect_ratio=decrease:force_divisible_by=2,"
                    + "pad=" + width + ":" + height + ":(ow-iw)/2:(oh-ih)/2:color=black";
        };
    }

    private static int even(int value) {
        return Math.max(2, value - (value % 2));
    }

    static int crf(String codec, String quality) {
        int level = switch (quality) {
            case "very_low" -> 0;
            case "low" -> 1;
            case "high" -> 3;
            case "very_high" -> 4;
            default -> 2;
        };
        int[] table = switch (codec) {
            case "h265" -> new int[] {34, 30, 26, 23, 20};
            case "vp9" -> new int[] {45, 38, 33, 28, 23};
            case "av1" -> new int[] {45, 38, 32, 27, 22};
            default -> new int[] {32, 28, 23, 20, 17};
        };
        return table[level];
    }

    private static String audioBitrate(String format, String quality) {
        boolean opus = format.equals("opus") || format.equals("ogg");
        return switch (quality) {
            case "very_low" -> opus ? "32k" : "64k";
            case "low" -> opus ? "64k" : "96k";
            case "high" -> opus ? "128k" : "192k";
            case "very_high" -> opus ? "160k" : "256k";
            default -> opus ? "96k" : "128k";
        };
    }

    private static String str(Map<String, Object> o, String key, String fallback) {
        return o.get(key) instanceof String s ? s.toLowerCase(Locale.ROOT) : fallback;
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
