package io.spindle.gateway.service;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.servicekit.rest.ApiException;
import java.util.function.Function;

/**
 * Finding a project's row (task, run, event, webhook endpoint, …) by an id the client sent, and the
 * Idempotency-Key rule: the same answers for every kind of row.
 */
public final class Lookups {

    /** Longest request id or idempotency key (the columns are varchar(128)). */
    public static final int MAX_REQUEST_ID = 128;

    private Lookups() {
    }

    /** The row: {@code 400} on {@code id} when the id is malformed, {@code 404} when the project has none. */
    public static <T> Uni<T> byId(IdKind kind, String what, String id, Function<String, Uni<T>> find) {
        return byId(kind, what, "id", id, find);
    }

    /** The row: {@code 400} on {@code field} when the id is malformed, {@code 404} when there is none. */
    public static <T> Uni<T> byId(IdKind kind, String what, String field, String id, Function<String, Uni<T>> find) {
        if (!kind.matches(id)) {
            throw ApiException.invalidField(field, "'" + id + "' is not a " + what + " id: expected " + kind.format());
        }
        return find.apply(id).onItem().ifNull().failWith(() -> ApiException.notFound(what, id));
    }

    /** The row a page starts after; null without {@code after}; {@code 400} on {@code after} when not found. */
    public static <T> Uni<T> cursor(IdKind kind, String what, String after, Function<String, Uni<T>> find) {
        return cursor(kind, what, "after", after, find);
    }

    /** The row a page starts from; null without one; {@code 400} on {@code field} when malformed or not found. */
    public static <T> Uni<T> cursor(IdKind kind, String what, String field, String id, Function<String, Uni<T>> find) {
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        if (!kind.matches(id)) {
            throw ApiException.invalidField(field, "must be a " + what + " id (" + kind.format() + ")");
        }
        return find.apply(id).onItem().ifNull()
                .failWith(() -> ApiException.invalidField(field, "no " + what + " '" + id + "' in this project"));
    }

    /** An Idempotency-Key (or request id) is 1 to 128 characters when given; a {@code 400} on {@code field} else. */
    public static void checkIdempotencyKey(String field, String key) {
        if (key != null && (key.isBlank() || key.length() > MAX_REQUEST_ID)) {
            throw ApiException.invalidField(field, "must be 1 to " + MAX_REQUEST_ID + " characters when given");
        }
    }
}
