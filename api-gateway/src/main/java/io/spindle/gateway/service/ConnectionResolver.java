package io.spindle.gateway.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.Problem;
import io.spindle.contract.Problem.FieldError;
import io.spindle.gateway.client.ConnectionServiceClient;
import io.spindle.gateway.client.InternalConnectionsClient;
import io.spindle.servicekit.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Resolves the connections a request will use, at planning time: each one named must belong to the project;
 * where none is named, the project's default in force now is used. Every problem is reported at once, each
 * with the field it is about.
 */
@ApplicationScoped
public class ConnectionResolver {

    /**
     * A field of the request that needs a connection.
     *
     * @param field        where the connection id is (or would be), as the client wrote it
     * @param connectionId the id given there, or null for the default
     * @param needFor      what needs it, for the error message ({@code "the s3:// url"})
     */
    public record Need(String field, String connectionId, String needFor) {
    }

    private final ConnectionServiceClient connections;
    private final InternalConnectionsClient internal;

    public ConnectionResolver(@RestClient ConnectionServiceClient connections,
            @RestClient InternalConnectionsClient internal) {
        this.connections = connections;
        this.internal = internal;
    }

    /** @return the connection id for each need's field */
    public Uni<Map<String, String>> resolve(String projectId, List<Need> needs) {
        if (needs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Set<String> named = new LinkedHashSet<>();
        needs.stream().map(Need::connectionId).filter(Objects::nonNull).forEach(named::add);
        Uni<List<String>> foreign = Multi.createFrom().iterable(named)
                .onItem().transformToUniAndConcatenate(id -> exists(projectId, id).map(ok -> ok ? "" : id))
                .filter(id -> !id.isEmpty()).collect().asList();
        boolean defaultNeeded = needs.stream().anyMatch(n -> n.connectionId() == null);
        Uni<String> fallback = defaultNeeded ? defaultOf(projectId) : Uni.createFrom().nullItem();
        return Uni.combine().all().unis(foreign, fallback).asTuple().map(found -> {
            Map<String, String> resolved = new LinkedHashMap<>();
            List<FieldError> errors = new ArrayList<>();
            boolean required = false;
            for (Need need : needs) {
                if (need.connectionId() == null && found.getItem2() == null) {
                    required = true;
                    errors.add(new FieldError(need.field(), need.needFor() + " needs a connection: pass "
                            + "connection_id, or make one of the project's connections the default"
                            + " (PATCH /connections/{id} with {\"is_default\": true})"));
                } else if (need.connectionId() != null && found.getItem1().contains(need.connectionId())) {
                    errors.add(new FieldError(need.field(), "no connection '" + need.connectionId()
                            + "' in this project"));
                } else {
                    resolved.put(need.field(), need.connectionId() != null ? need.connectionId() : found.getItem2());
                }
            }
            if (required) {
                throw new ApiException(new Problem("about:blank", "Connection required", 400,
                        String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()),
                        "connection_required", errors));
            }
            if (!errors.isEmpty()) {
                throw new ApiException(Problem.invalidInput(errors));
            }
            return resolved;
        });
    }

    private Uni<Boolean> exists(String projectId, String connectionId) {
        return connections.get(projectId, connectionId).map(response -> {
            try (response) {
                if (response.getStatus() == 200 || response.getStatus() == 404) {
                    return response.getStatus() == 200;
                }
                throw unavailable(response);
            }
        });
    }

    private Uni<String> defaultOf(String projectId) {
        return internal.defaultConnection(projectId).map(response -> {
            try (response) {
                if (response.getStatus() == 200) {
                    return (String) response.readEntity(Map.class).get("id");
                }
                if (response.getStatus() == 404) {
                    return null;
                }
                throw unavailable(response);
            }
        });
    }

    private static ApiException unavailable(Response response) {
        return new ApiException(Problem.of(503, "Service unavailable", "service_unavailable",
                "connection-service answered " + response.getStatus() + "; try again shortly."));
    }
}
