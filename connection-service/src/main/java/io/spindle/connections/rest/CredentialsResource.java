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

/** Decrypted credentials for the workers. Internal only: the gateway never routes here. */
@Path(InternalApi.CREDENTIALS_PATH)
@Produces(MediaType.APPLICATION_JSON)
public class CredentialsResource {

    private final ConnectionService service;

    public CredentialsResource(ConnectionService service) {
        this.service = service;
    }

    @GET
    @Operation(hidden = true)
    public Uni<ConnectionCredentials> credentials(@RestHeader(InternalApi.PROJECT_HEADER) String project,
            @RestPath String id) {
        return service.credentials(project, id);
    }
}
