package io.spindle.contract;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An {@code s3://bucket/key} address. */
public record S3Url(String bucket, String key) {

    private static final String BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";
    private static final Pattern FORM = Pattern.compile("s3://(" + BUCKET + ")/(.+)");

    /** Describes the accepted form, for error messages. */
    public static final String FORMAT = "s3://bucket/key, with a bucket of 3 to 63 lowercase letters, digits, dots"
            + " and hyphens, and a non-empty key";

    /** The address in {@code url}, or null when it is not of the form {@code s3://bucket/key}. */
    public static S3Url parse(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = FORM.matcher(url);
        return m.matches() && !m.group(2).isBlank() ? new S3Url(m.group(1), m.group(2)) : null;
    }

    /** The longest object key S3 takes, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    /**
     * What is wrong with {@code url} as an {@code s3://bucket/key} address ({@link #FORMAT}, or a problem of its
     * key: {@link #keyProblem}), or null when it is a good one.
     */
    public static String problem(String url) {
        S3Url parsed = parse(url);
        if (parsed == null) {
            return "must be " + FORMAT;
        }
        String key = keyProblem(parsed.key());
        return key == null ? null : "has a key that " + key;
    }

    /**
     * What is wrong with {@code key} as an object key, or null. S3 takes any UTF-8 up to 1024 bytes; Spindle also
     * refuses control characters, a leading or trailing {@code /}, empty segments and {@code .} or {@code ..}
     * segments, which file-system-backed stores (MinIO, s3proxy) and many tools read as paths.
     */
    public static String keyProblem(String key) {
        if (key == null || key.isBlank()) {
            return "must not be empty";
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return "is longer than " + MAX_KEY_BYTES + " bytes (UTF-8), the most S3 takes";
        }
        if (key.codePoints().anyMatch(c -> c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0)) {
            return "must not contain control characters (such as a newline or a tab)";
        }
        if (key.startsWith("/") || key.endsWith("/")) {
            return "must not start or end with / (the key of a file, not of a folder)";
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                return "must not contain // (an empty path segment)";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "must not contain . or .. as a path segment";
            }
        }
        return null;
    }

    /** Whether {@code name} is a bucket name this form accepts. */
    public static boolean isBucketName(String name) {
        return name != null && name.matches(BUCKET);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
