package io.spindle.servicekit.rest;

/** Spindle's JSON uses snake_case; Java uses camelCase. */
public final class JsonNames {

    private JsonNames() {
    }

    /** {@code accessKeyId} → {@code access_key_id}. */
    public static String snakeCase(String javaName) {
        StringBuilder out = new StringBuilder(javaName.length() + 4);
        for (char c : javaName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
