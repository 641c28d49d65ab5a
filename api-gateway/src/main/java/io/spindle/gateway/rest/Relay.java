package io.spindle.gateway.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;

/** Passes an internal service's answer to the client: status, content type and body, nothing else. */
final class Relay {

    private Relay() {
    }

    static Uni<Response> of(Uni<Response> call) {
        return call.map(upstream -> {
            Response.ResponseBuilder answer = Response.status(upstream.getStatus());
            if (upstream.hasEntity()) {
                String body = upstream.readEntity(String.class);
                if (body != null && !body.isEmpty()) {
                    answer.entity(body).type(upstream.getMediaType());
                }
            }
            return answer.build();
        });
    }
}
