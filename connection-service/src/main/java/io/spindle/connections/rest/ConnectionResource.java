package io.spindle.connections.rest;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.spindle.connections.service.ConnectionService;
import io.spindle.connections.storage.ConnectionTestReport;
import io.spindle.connections.storage.ConnectivityTester;
import io.spindle.contract.InternalApi;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The connections API, called by the gateway on behalf of a project. */
@Path("/connections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConnectionResource {

    private final ConnectionService service;
    private final ConnectivityTester tester;

    public ConnectionResource(ConnectionService service, ConnectivityTester tester) {
        this.service = service;
        this.tester = tester;
    }

    @POST
    @ResponseStatus(201)
    public Uni<ConnectionView> create(@RestHeader(InternalApi.PROJECT_HEADER) String project,
            @Valid @NotNull CreateConnectionRequest body) {
        return service.create(project, body);
    }

    @GET
    public Uni<ConnectionPage> list(@RestHeader(InternalApi.PROJECT_HEADER) String project,
            @RestQuery String limit, @RestQuery String after) {
        return service.list(project, limit, after);
    }

    @GET
    @Path("{id}")
    public Uni<ConnectionView> get(@RestHeader(InternalApi.PROJECT_HEADER) String project, @RestPath String id) {
        return service.get(project, id);
    }

    @PATCH
    @Path("{id}")
    public Uni<ConnectionView> update(@RestHeader(InternalApi.PROJECT_HEADER) String project, @RestPath String id,
            @Valid @NotNull UpdateConnectionRequest body) {
        return service.update(project, id, body);
    }

    @DELETE
    @Path("{id}")
    @ResponseStatus(204)
    public Uni<Void> delete(@RestHeader(InternalApi.PROJECT_HEADER) String project, @RestPath String id) {
        return service.delete(project, id);
    }

    /** Tries the stored credentials against the endpoint (and the bucket, if named) and reports each step. */
    @POST
    @Path("{id}/test")
    public Uni<ConnectionTestReport> test(@RestHeader(InternalApi.PROJECT_HEADER) String project, @RestPath String id,
            @Valid TestConnectionRequest body) {
        String bucket = body == null ? null : body.bucket();
        return service.credentials(project, id)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(credentials -> tester.test(credentials, bucket));
    }
}
