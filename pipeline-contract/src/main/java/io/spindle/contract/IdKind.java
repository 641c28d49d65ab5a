package io.spindle.contract;

import java.util.regex.Pattern;

/**
 * The kinds of public identifiers and their prefixes, as ittybit documents them:
 * a prefix, an underscore and 16 lowercase alphanumerics ({@code con_abcdefgh12345678}).
 */
public enum IdKind {
    CONNECTION("con"),
    TASK("task"),
    RUN("run"),
    PROJECT("prj"),
    API_KEY("key"),
    EVENT("evt"),
    WEBHOOK_ENDPOINT("whe"),
    WEBHOOK_DELIVERY("whd");

    /** Length of the random part of every id. */
    public static final int RANDOM_LENGTH = 16;

    private final String prefix;
    private final Pattern pattern;

    IdKind(String prefix) {
        this.prefix = prefix;
        this.pattern = Pattern.compile(prefix + "_[a-z0-9]{" + RANDOM_LENGTH + "}");
    }

    public String prefix() {
        return prefix;
    }

    /** Whether {@code candidate} is a well-formed id of this kind. */
    public boolean matches(String candidate) {
        return candidate != null && pattern.matcher(candidate).matches();
    }

    /** A human-readable description of the format, for error messages. */
    public String format() {
        return "'" + prefix + "_' followed by " + RANDOM_LENGTH + " lowercase letters or digits";
    }
}
