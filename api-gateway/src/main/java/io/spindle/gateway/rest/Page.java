package io.spindle.gateway.rest;

import java.util.List;
import java.util.function.Function;

/** One page of a list: pass {@code next_cursor} as {@code after} to get the next one. */
public record Page<T>(String object, List<T> data, boolean hasMore, String nextCursor) {

    /** A page from {@code rows} fetched with one extra row (which only tells that there is more). */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> id) {
        boolean hasMore = rows.size() > limit;
        List<T> data = hasMore ? rows.subList(0, limit) : rows;
        return new Page<>("list", List.copyOf(data), hasMore, hasMore ? id.apply(data.get(data.size() - 1)) : null);
    }
}
