package io.spindle.connections.rest;

import io.smallrye.mutiny.Uni;
import io.spindle.connections.service.ConnectionService;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.contract.InternalApi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/** For the gateway and the workers only: the gateway never routes here. */
@Path("/internal/connections")
@Produces(MediaType.APPLICATION_JSON)
public class InternalConnectionsResource {

    private final ConnectionService service;

    public InternalConnectionsResource(ConnectionService service) {
        this.service = service;
    }

    /** The project's default connection (without its secret); 404 when the project has none. */
    @GET
    @Path("default")
    @Operation(hidden = true)
    public Uni<ConnectionView> defaultConnection(@RestHeader(InternalApi.PROJECT_HEADER) String project) {
        return service.defaultConnection(project);
    }

    /** Decrypted credentials, for the workers. */
    @GET
    @Path("{id}/credentials")
    @Operation(hidden = true)
    public Uni<ConnectionCredentials> credentials(@RestHeader(InternalApi.PROJECT_HEADER) String project,
            @RestPath String id) {
        return service.credentials(project, id);
    }
}
