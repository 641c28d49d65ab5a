package io.spindle.gateway.client;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.InternalApi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * connection-service's connections API. Bodies travel as they came: connection-service owns their validation,
 * and its answers (problems included) are relayed unchanged.
 */
@RegisterRestClient(configKey = "connection-service")
@Path("/connections")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Authorization", value = "Bearer ${spindle.internal.token}")
public interface ConnectionServiceClient {

    @POST
    Uni<Response> create(@HeaderParam(InternalApi.PROJECT_HEADER) String project, String body);

    @GET
    Uni<Response> list(@HeaderParam(InternalApi.PROJECT_HEADER) String project, @QueryParam("limit") String limit,
            @QueryParam("after") String after);

    @GET
    @Path("{id}")
    Uni<Response> get(@HeaderParam(InternalApi.PROJECT_HEADER) String project, @PathParam("id") String id);

    @PATCH
    @Path("{id}")
    Uni<Response> update(@HeaderParam(InternalApi.PROJECT_HEADER) String project, @PathParam("id") String id,
            String body);

    @DELETE
    @Path("{id}")
    Uni<Response> delete(@HeaderParam(InternalApi.PROJECT_HEADER) String project, @PathParam("id") String id);

    @POST
    @Path("{id}/test")
    Uni<Response> test(@HeaderParam(InternalApi.PROJECT_HEADER) String project, @PathParam("id") String id,
            String body);
}
