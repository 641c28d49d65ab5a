package io.spindle.connections.rest;

import io.spindle.connections.config.InternalAuthConfig;
import io.spindle.contract.IdKind;
import io.spindle.contract.InternalApi;
import io.spindle.contract.Problem;
import io.spindle.servicekit.rest.ProblemMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * connection-service is internal: every API call carries the shared service token and names the project it
 * acts for. The gateway sets both after authenticating the client; clients never reach this service.
 */
public class InternalAuthFilter {

    private final byte[] expected;

    public InternalAuthFilter(InternalAuthConfig config) {
        this.expected = ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true, priority = 10)
    public Response authenticate(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null
                || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
            return ProblemMappers.respond(Problem.of(401, "Unauthorized", "unauthorized",
                    "This internal service needs 'Authorization: Bearer <spindle.internal.token>'."));
        }
        String project = request.getHeaderString(InternalApi.PROJECT_HEADER);
        if (!IdKind.PROJECT.matches(project)) {
            return ProblemMappers.respond(Problem.of(400, "Missing project", "invalid_request",
                    "Set " + InternalApi.PROJECT_HEADER + " to the project id (" + IdKind.PROJECT.format() + ")."));
        }
        return null;
    }
}
