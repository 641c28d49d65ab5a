package io.spindle.workerkit.connections;

import io.spindle.contract.ConnectionCredentials;
import io.spindle.contract.InternalApi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** connection-service's internal credential lookup. */
@RegisterRestClient(configKey = "connection-service")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Authorization", value = "Bearer ${spindle.internal.worker-token}")
public interface CredentialsClient {

    @GET
    @Path(InternalApi.CREDENTIALS_PATH)
    ConnectionCredentials credentials(@HeaderParam(InternalApi.PROJECT_HEADER) String project,
            @PathParam("id") String connectionId);
}
