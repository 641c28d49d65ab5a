package io.spindle.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.Problem;
import io.spindle.gateway.service.ApiKeyService;
import io.spindle.servicekit.rest.ProblemMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every public API path needs {@code Authorization: Bearer <api key>}. Health, metrics and the OpenAPI
 * document live under {@code /q} and are not API paths.
 */
public class ApiKeyAuthFilter {

    private final ApiKeyService keys;
    private final Caller caller;

    public ApiKeyAuthFilter(ApiKeyService keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = 10)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return Uni.createFrom().item(unauthorized(
                    "Send your API key as 'Authorization: Bearer <key>'."));
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
            return Uni.createFrom().item(unauthorized("The Authorization header must be 'Bearer <key>'."));
        }
        return keys.authenticate(authorization.substring(7).trim()).map(project -> {
            if (project == null) {
                return unauthorized("The API key is not valid (unknown, revoked or expired).");
            }
            caller.authenticated(project);
            return null;
        });
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(ProblemMappers.respond(Problem.of(401, "Unauthorized", "unauthorized", detail)))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
