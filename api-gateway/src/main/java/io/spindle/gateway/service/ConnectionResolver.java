package io.spindle.gateway.service;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.Problem;
import io.spindle.contract.Problem.FieldError;
import io.spindle.gateway.client.ConnectionServiceClient;
import io.spindle.gateway.client.InternalConnectionsClient;
import io.spindle.servicekit.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Resolves the connection a task will use, at planning time: the one named (which must belong to the
 * project), or else the project's default in force now.
 */
@ApplicationScoped
public class ConnectionResolver {

    private final ConnectionServiceClient connections;
    private final InternalConnectionsClient internal;

    public ConnectionResolver(@RestClient ConnectionServiceClient connections,
            @RestClient InternalConnectionsClient internal) {
        this.connections = connections;
        this.internal = internal;
    }

    /**
     * @param field     the request field the connection is for ({@code connection_id})
     * @param needFor   what needs it, for the error message ({@code "the s3:// url"})
     */
    public Uni<String> resolve(String projectId, String connectionId, String field, String needFor) {
        if (connectionId != null) {
            return connections.get(projectId, connectionId).map(response -> {
                try (response) {
                    if (response.getStatus() == 200) {
                        return connectionId;
                    }
                    if (response.getStatus() == 404) {
                        throw ApiException.invalidField(field, "no connection '" + connectionId + "' in this project");
                    }
                    throw unavailable(response);
                }
            });
        }
        return internal.defaultConnection(projectId).map(response -> {
            try (response) {
                if (response.getStatus() == 200) {
                    return (String) response.readEntity(java.util.Map.class).get("id");
                }
                if (response.getStatus() == 404) {
                    String detail = field + ": " + needFor + " needs a connection: pass " + field
                            + ", or make one of the project's connections the default (PATCH /connections/{id}"
                            + " with {\"is_default\": true})";
                    throw new ApiException(new Problem("about:blank", "Connection required", 400, detail,
                            "connection_required", List.of(new FieldError(field, needFor + " needs a connection"))));
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
