package io.spindle.servicekit.outbound;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.Problem;
import io.spindle.contract.Problem.FieldError;
import io.spindle.outbound.ForbiddenAddressException;
import io.spindle.outbound.OutboundPolicy;
import io.spindle.servicekit.rest.ApiException;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;

/**
 * Whether a URL a user gives (a connection's endpoint, a webhook's URL) may be stored: its host must not resolve
 * to an address the {@link OutboundPolicy} refuses. The same policy checks every connection made to it later, on
 * the address connected to, so a name that resolves elsewhere by then is refused there; this says so at the door.
 */
@ApplicationScoped
public class AddressCheck {

    private final OutboundPolicy policy;
    private final Vertx vertx;

    public AddressCheck(OutboundPolicy policy, Vertx vertx) {
        this.policy = policy;
        this.vertx = vertx;
    }

    /** Completes when {@code url}'s host may be reached; fails with a 400 {@code forbidden_address} on {@code field}. */
    public Uni<Void> check(String field, URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        // resolving a name blocks: off the event loop, back on the request's context afterwards
        return vertx.executeBlocking(() -> {
            try {
                policy.checkHost(url.getHost(), port);
                return null;
            } catch (ForbiddenAddressException e) {
                throw new ApiException(new Problem("about:blank", "Forbidden address", 400, field + ": "
                        + e.getMessage(), ForbiddenAddressException.KIND, List.of(new FieldError(field,
                                e.getMessage()))));
            }
        }, false);
    }
}
