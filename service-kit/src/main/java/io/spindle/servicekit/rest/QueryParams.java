package io.spindle.servicekit.rest;

/**
 * Query parameters parsed with clear errors (JAX-RS turns an unconvertible query parameter into a bare 404).
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** The size of a page of a list: {@code limit}, 1 to 100, 20 when absent. */
    public static int pageSize(String limit) {
        return intParam("limit", limit, 1, 100, 20);
    }

    /** {@code raw} as an integer in {@code [min, max]}, or {@code defaultValue} when absent. */
    public static int intParam(String name, String raw, int min, int max, int defaultValue) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalidField(name, "must be a whole number between " + min + " and " + max);
    }
}
