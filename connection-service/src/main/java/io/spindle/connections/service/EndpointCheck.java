package io.spindle.connections.service;

import io.smallrye.mutiny.Uni;
import io.spindle.outbound.OutboundPolicy;
import io.spindle.servicekit.outbound.AddressCheck;
import io.spindle.servicekit.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether a connection's endpoint may be stored: a well-formed http(s) URL whose host is not an address the
 * {@link OutboundPolicy} refuses. The same policy checks every connection made to it later (the test, the
 * workers), so a name that resolves elsewhere by then is refused there; this check says so at the door.
 */
@ApplicationScoped
public class EndpointCheck {

    private final AddressCheck addresses;

    public EndpointCheck(AddressCheck addresses) {
        this.addresses = addresses;
    }

    /** Completes when {@code endpoint} may be stored; fails with a 400 on {@code endpoint} otherwise. */
    public Uni<Void> check(String endpoint) {
        return addresses.check("endpoint", parse(endpoint));
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
