package io.spindle.connections.service;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.Problem;
import io.spindle.contract.Problem.FieldError;
import io.spindle.outbound.ForbiddenAddressException;
import io.spindle.outbound.OutboundPolicy;
import io.spindle.servicekit.rest.ApiException;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Whether a connection's endpoint may be stored: a well-formed http(s) URL whose host is not an address the
 * {@link OutboundPolicy} refuses. The same policy checks every connection made to it later (the test, the
 * workers), so a name that resolves elsewhere by then is refused there; this check says so at the door.
 */
@ApplicationScoped
public class EndpointCheck {

    private final OutboundPolicy policy;
    private final Vertx vertx;

    public EndpointCheck(OutboundPolicy policy, Vertx vertx) {
        this.policy = policy;
        this.vertx = vertx;
    }

    /** Completes when {@code endpoint} may be stored; fails with a 400 on {@code endpoint} otherwise. */
    public Uni<Void> check(String endpoint) {
        URI uri = parse(endpoint);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        // resolving a name blocks: off the event loop, back on the request's context afterwards
        return vertx.executeBlocking(() -> {
            try {
                policy.checkHost(uri.getHost(), port);
                return null;
            } catch (ForbiddenAddressException e) {
                throw new ApiException(new Problem("about:blank", "Forbidden address", 400, "endpoint: "
                        + e.getMessage(), ForbiddenAddressException.KIND, List.of(new FieldError("endpoint",
                                e.getMessage()))));
            }
        }, false);
    }

    private static URI parse(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw ApiException.invalidField("endpoint", "is not a valid URL (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw ApiException.invalidField("endpoint", "must be an http:// or https:// URL with a host and no user"
                    + " name, such as https://s3.us-east-1.amazonaws.com");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw ApiException.invalidField("endpoint", "must not have a query or a fragment: the storage's base URL,"
                    + " such as https://s3.us-east-1.amazonaws.com");
        }
        return uri;
    }
}
