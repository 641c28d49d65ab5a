package io.spindle.servicekit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spindle.contract.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bodies are JSON of at most {@code spindle.api.max-body-bytes} (default 64 KiB), sent with their length. Before
 * anything reads a request, and before Quarkus' own {@code quarkus.http.limits.max-body-size} check (whose 413
 * has no body), a {@code Content-Length} over the limit is answered {@code 413} and a body without a length
 * (chunked) {@code 411}, each with a problem document; the body itself is read and dropped, never kept.
 */
@ApplicationScoped
public class BodyLimit {

    /** Before Quarkus' upload limit route ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}, -2). */
    static final int ORDER = -3;

    private final long maxBodyBytes;
    private final ObjectMapper json;

    public BodyLimit(@ConfigProperty(name = "spindle.api.max-body-bytes", defaultValue = "65536") long maxBodyBytes,
            ObjectMapper json) {
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length == null && context.request().getHeader("Transfer-Encoding") != null) {
            refuse(context, Problem.of(411, "Length required", "length_required", "Send the body with a"
                    + " Content-Length header: Spindle takes JSON bodies of at most " + maxBodyBytes + " bytes."));
            return;
        }
        long bytes;
        try {
            bytes = length == null ? 0 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            bytes = 0; // Vert.x refuses a malformed length before this runs
        }
        if (bytes > maxBodyBytes) {
            refuse(context, Problem.of(413, "Request body too large", "body_too_large", "The request body has "
                    + bytes + " bytes; at most " + maxBodyBytes + " are accepted."));
            return;
        }
        context.next();
    }

    private void refuse(RoutingContext context, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the rest of the body is read and dropped, so that a client still sending it gets this answer
        context.request().handler(dropped -> { }).resume();
        context.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
    }
}
