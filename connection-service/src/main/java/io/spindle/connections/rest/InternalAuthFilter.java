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
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * connection-service is internal: every API call carries a service token and names the project it acts for.
 * The gateway's token ({@code spindle.internal.token}) may do everything; the gateway sets both after
 * authenticating the client, and clients never reach this service. The workers' token
 * ({@code spindle.internal.worker-token}) may only read a connection's credentials.
 */
public class InternalAuthFilter {

    /** The one call the workers' token may make. */
    private static final Pattern WORKER_CALL = Pattern.compile("^/?" + InternalApi.CREDENTIALS_PATH.substring(1)
            .replace("{id}", "[^/]+") + "$");

    private final byte[] gateway;
    private final byte[] worker;

    public InternalAuthFilter(InternalAuthConfig config) {
        this.gateway = ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
        this.worker = ("Bearer " + config.workerToken()).getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true, priority = 10)
    public Response authenticate(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        boolean isGateway = MessageDigest.isEqual(gateway, given);
        boolean isWorker = !isGateway && MessageDigest.isEqual(worker, given);
        if (!isGateway && !isWorker) {
            return ProblemMappers.respond(Problem.of(401, "Unauthorized", "unauthorized",
                    "This internal service needs 'Authorization: Bearer <spindle.internal.token>' (the gateway's)"
                            + " or the workers' token."));
        }
        if (isWorker && !("GET".equals(request.getMethod())
                && WORKER_CALL.matcher(request.getUriInfo().getPath()).matches())) {
            return ProblemMappers.respond(Problem.of(403, "Forbidden", "forbidden",
                    "The workers' token may only read a connection's credentials (GET "
                            + InternalApi.CREDENTIALS_PATH + "); connections are changed through the gateway."));
        }
        String project = request.getHeaderString(InternalApi.PROJECT_HEADER);
        if (!IdKind.PROJECT.matches(project)) {
            return ProblemMappers.respond(Problem.of(400, "Missing project", "invalid_request",
                    "Set " + InternalApi.PROJECT_HEADER + " to the project id (" + IdKind.PROJECT.format() + ")."));
        }
        return null;
    }
}
