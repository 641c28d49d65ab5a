package io.spindle.gateway.client;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.InternalApi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** connection-service's internal lookups, for planning. */
@RegisterRestClient(configKey = "connection-service")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Authorization", value = "Bearer ${spindle.internal.token}")
public interface InternalConnectionsClient {

    @GET
    @Path(InternalApi.DEFAULT_CONNECTION_PATH)
    Uni<Response> defaultConnection(@HeaderParam(InternalApi.PROJECT_HEADER) String project);
}
