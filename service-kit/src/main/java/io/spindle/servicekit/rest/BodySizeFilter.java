package io.spindle.servicekit.rest;

import io.spindle.contract.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses JSON bodies over {@code spindle.api.max-body-bytes} (default 64 KiB) with a problem+json answer,
 * before anything reads them. Bodies without a length are capped by {@code quarkus.http.limits.max-body-size}.
 */
public class BodySizeFilter {

    private final long maxBodyBytes;

    public BodySizeFilter(@ConfigProperty(name = "spindle.api.max-body-bytes", defaultValue = "65536") long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkLength(ContainerRequestContext request) {
        if (request.getLength() > maxBodyBytes) {
            return ProblemMappers.respond(Problem.of(413, "Request body too large", "body_too_large",
                    "The request body has " + request.getLength() + " bytes; at most " + maxBodyBytes
                            + " are accepted."));
        }
        return null;
    }
}
