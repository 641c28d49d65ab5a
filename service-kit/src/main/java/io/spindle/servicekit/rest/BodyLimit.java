package io.spindle.servicekit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spindle.contract.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request bodies are read whole, up to {@code spindle.api.max-body-bytes} (default 64 KiB), before any resource
 * sees them; a body over it, announced by its {@code Content-Length} or found so while a chunked body is read,
 * is answered {@code 413} with a problem document and the connection closed. The route runs before Quarkus' own
 * {@code quarkus.http.limits.max-body-size} check (order -2), whose 413 has no body.
 */
@ApplicationScoped
public class BodyLimit {

    /** Before Quarkus' upload limit route ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}). */
    static final int ORDER = -3;

    private final long maxBodyBytes;
    private final ObjectMapper json;

    public BodyLimit(@ConfigProperty(name = "spindle.api.max-body-bytes", defaultValue = "65536") long maxBodyBytes,
            ObjectMapper json) {
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
    }

    void install(@Observes Router router) {
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        router.route().order(ORDER).handler(context -> {
            if (hasBody(context)) {
                bodies.handle(context);
            } else {
                context.next(); // the body handler would wait for a body that never comes
            }
        });
        router.route().order(ORDER).failureHandler(this::tooLarge);
    }

    private static boolean hasBody(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        return length != null ? !length.strip().equals("0") : context.request().getHeader("Transfer-Encoding") != null;
    }

    private void tooLarge(RoutingContext context) {
        if (context.statusCode() != 413 || context.response().headWritten()) {
            context.next();
            return;
        }
        String length = context.request().getHeader("Content-Length");
        String detail = length != null
                ? "The request body has " + length + " bytes; at most " + maxBodyBytes + " are accepted."
                : "The request body (chunked) is longer than allowed: at most " + maxBodyBytes + " bytes are accepted.";
        try {
            context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close") // the rest of the body is not read
                    .end(json.writeValueAsString(Problem.of(413, "Request body too large", "body_too_large", detail)));
        } catch (JsonProcessingException e) {
            context.next();
        }
    }
}
