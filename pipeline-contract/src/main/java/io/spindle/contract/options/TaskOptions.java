package io.spindle.contract.options;

import io.spindle.contract.Problem.FieldError;
import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.TaskKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What options each task kind accepts, and the validation both the gateway (before anything is queued) and
 * the workers (for records from other producers) apply. Errors name the field by its path, for example
 * {@code options.width} or {@code tasks[0].next[0].options.codec}.
 */
public final class TaskOptions {

    public static final Set<String> VIDEO_FORMATS = Set.of("mp4", "webm", "mov");
    public static final Set<String> VIDEO_CODECS = Set.of("h264", "h265", "vp9", "av1");
    public static final Map<String, Set<String>> CODECS_BY_FORMAT = Map.of(
            "mp4", Set.of("h264", "h265", "av1"),
            "mov", Set.of("h264", "h265"),
            "webm", Set.of("vp9", "av1"));
    public static final Set<String> AUDIO_FORMATS = Set.of("mp3", "aac", "ogg", "opus", "wav", "flac");
    public static final Set<String> IMAGE_FORMATS = Set.of("jpeg", "png", "webp", "avif");
    public static final Set<String> FITS = Set.of("contain", "cover", "fill");
    public static final Set<String> QUALITIES = Set.of("very_low", "low", "medium", "high", "very_high");

    public static final int MAX_WIDTH = 7680;
    public static final int MAX_HEIGHT = 4320;

    private TaskOptions() {
    }

    /** The problems with {@code options} for a task of {@code kind}; empty when they are valid. */
    public static List<FieldError> validate(TaskKind kind, Map<String, Object> options, String path) {
        Checker c = new Checker(options == null ? Map.of() : options, path);
        switch (kind) {
            case VIDEO -> {
                c.allow("width", "height", "fit", "format", "codec", "quality", "fps", "bitrate", "start", "end");
                c.integer("width", 16, MAX_WIDTH);
                c.integer("height", 16, MAX_HEIGHT);
                c.oneOf("fit", FITS);
                c.oneOf("format", VIDEO_FORMATS);
                c.oneOf("codec", VIDEO_CODECS);
                c.oneOf("quality", QUALITIES);
                c.number("fps", 1, 60);
                c.integer("bitrate", 300_000, 60_000_000);
                c.timeRange();
                String format = c.string("format");
                String codec = c.string("codec");
                if (format != null && codec != null && VIDEO_FORMATS.contains(format) && VIDEO_CODECS.contains(codec)
                        && !CODECS_BY_FORMAT.get(format).contains(codec)) {
                    c.error("codec", "cannot be " + codec + " in " + format + "; " + format + " takes "
                            + String.join(", ", new TreeSet<>(CODECS_BY_FORMAT.get(format))));
                }
            }
            case AUDIO -> {
                c.allow("format", "bitrate", "quality", "start", "end");
                c.oneOf("format", AUDIO_FORMATS);
                c.oneOf("quality", QUALITIES);
                c.integer("bitrate", 32_000, 320_000);
                c.timeRange();
            }
            case IMAGE -> {
                c.allow("format", "width", "height", "fit", "quality", "start");
                c.oneOf("format", IMAGE_FORMATS);
                c.integer("width", 16, MAX_WIDTH);
                c.integer("height", 16, MAX_HEIGHT);
                c.oneOf("fit", FITS);
                c.oneOf("quality", QUALITIES);
                c.number("start", 0, Double.MAX_VALUE);
            }
            case INGEST -> {
                c.allow("url", "connection_id", "bucket", "key");
                c.nonBlankString("url");
                c.nonBlankString("connection_id");
                c.nonBlankString("bucket");
                c.objectKey("key");
            }
            case UPLOAD -> {
                c.allow("connection_id", "bucket", "key", "content_type");
                c.nonBlankString("connection_id");
                c.nonBlankString("bucket");
                c.objectKey("key");
                c.contentType("content_type");
            }
        }
        return c.errors;
    }

    static final int MAX_CONTENT_TYPE_LENGTH = 255;
    /** A media type as RFC 6838 names them, with RFC 9110 parameters; no control characters anywhere. */
    private static final Pattern CONTENT_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
                    + "( *; *[A-Za-z0-9!#$&^_.+-]+=([A-Za-z0-9!#$&^_.+-]+|\"[^\"\\p{Cntrl}]*\"))*");

    /** Collects field errors for one options object. */
    private static final class Checker {
        final Map<String, Object> options;
        final String path;
        final List<FieldError> errors = new ArrayList<>();

        Checker(Map<String, Object> options, String path) {
            this.options = new LinkedHashMap<>(options);
            this.path = path;
        }

        void error(String field, String message) {
            errors.add(new FieldError(path + "." + field, message));
        }

        void allow(String... names) {
            Set<String> allowed = new TreeSet<>(List.of(names));
            for (String key : options.keySet()) {
                if (!allowed.contains(key)) {
                    error(key, "unknown option; this kind takes " + String.join(", ", allowed));
                }
            }
        }

        String string(String name) {
            Object v = options.get(name);
            return v instanceof String s ? s : null;
        }

        void nonBlankString(String name) {
            Object v = options.get(name);
            if (v != null && (!(v instanceof String s) || s.isBlank())) {
                error(name, "must be a non-empty string");
            }
        }

        void objectKey(String name) {
            Object v = options.get(name);
            if (v == null) {
                return;
            }
            String problem = v instanceof String s ? S3Url.keyProblem(s) : "must be a string";
            if (problem != null) {
                error(name, problem);
            }
        }

        void contentType(String name) {
            Object v = options.get(name);
            if (v != null && !(v instanceof String s && s.length() <= MAX_CONTENT_TYPE_LENGTH
                    && CONTENT_TYPE.matcher(s).matches())) {
                error(name, "must be a media type such as video/mp4 or audio/mpeg; charset=utf-8 (type/subtype,"
                        + " optional parameters, at most " + MAX_CONTENT_TYPE_LENGTH + " characters)");
            }
        }

        void oneOf(String name, Set<String> values) {
            Object v = options.get(name);
            if (v != null && !(v instanceof String s && values.contains(s))) {
                error(name, "must be one of " + String.join(", ", new TreeSet<>(values)));
            }
        }

        void integer(String name, long min, long max) {
            Object v = options.get(name);
            if (v == null) {
                return;
            }
            boolean whole = v instanceof Integer || v instanceof Long
                    || (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    && !(v instanceof Float) && !(v instanceof Double && Double.isInfinite(n.doubleValue())));
            if (!whole || ((Number) v).doubleValue() < min || ((Number) v).doubleValue() > max) {
                error(name, "must be a whole number from " + min + " to " + max);
            }
        }

        void number(String name, double min, double max) {
            Object v = options.get(name);
            if (v != null && (!(v instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max
                    || Double.isNaN(n.doubleValue()))) {
                error(name, max == Double.MAX_VALUE ? "must be a number of at least " + min
                        : "must be a number from " + min + " to " + max);
            }
        }

        void timeRange() {
            number("start", 0, Double.MAX_VALUE);
            number("end", 0, Double.MAX_VALUE);
            if (options.get("start") instanceof Number s && options.get("end") instanceof Number e
                    && e.doubleValue() <= s.doubleValue()) {
                error("end", "must be after start");
            }
        }
    }
}
