package io.spindle.contract;

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

    /** Whether {@code name} is a bucket name this form accepts. */
    public static boolean isBucketName(String name) {
        return name != null && name.matches(BUCKET);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
