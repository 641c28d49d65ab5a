package io.spindle.connections.rest;

import java.util.List;

/** One page of {@code GET /connections}: pass {@code next_cursor} as {@code after} to get the next one. */
public record ConnectionPage(String object, List<ConnectionView> data, boolean hasMore, String nextCursor) {

    public static ConnectionPage of(List<ConnectionView> data, boolean hasMore) {
        return new ConnectionPage("list", data, hasMore, hasMore ? data.get(data.size() - 1).id() : null);
    }
}
