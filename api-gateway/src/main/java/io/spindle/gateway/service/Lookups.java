package io.spindle.gateway.service;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.servicekit.rest.ApiException;
import java.util.function.Function;

/** Finding a project's task or run by an id the client sent: the same answers for every kind of row. */
final class Lookups {

    private Lookups() {
    }

    /** The row: {@code 400} on {@code id} when the id is malformed, {@code 404} when the project has none. */
    static <T> Uni<T> byId(IdKind kind, String what, String id, Function<String, Uni<T>> find) {
        if (!kind.matches(id)) {
            throw ApiException.invalidField("id", "'" + id + "' is not a " + what + " id: expected " + kind.format());
        }
        return find.apply(id).onItem().ifNull().failWith(() -> ApiException.notFound(what, id));
    }

    /** The row a page starts after; null without {@code after}; {@code 400} on {@code after} when not found. */
    static <T> Uni<T> cursor(IdKind kind, String what, String after, Function<String, Uni<T>> find) {
        if (after == null) {
            return Uni.createFrom().nullItem();
        }
        if (!kind.matches(after)) {
            throw ApiException.invalidField("after", "must be a " + what + " id (" + kind.format() + ")");
        }
        return find.apply(after).onItem().ifNull()
                .failWith(() -> ApiException.invalidField("after", "no " + what + " '" + after + "' in this project"));
    }
}
