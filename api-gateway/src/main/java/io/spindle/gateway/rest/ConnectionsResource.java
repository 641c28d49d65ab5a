package io.spindle.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.spindle.gateway.client.ConnectionServiceClient;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Storage connections of the caller's project, served by connection-service. */
@Path("/connections")
@Tag(name = "connections", description = "Saved, encrypted credentials for your S3-compatible buckets")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    private static final String CREATE_EXAMPLE = """
            {"name": "My S3 Bucket", "kind": "s3", "endpoint": "https://s3.us-east-1.amazonaws.com",
             "region": "us-east-1", "access_key_id": "AKIA...", "secret_access_key": "..."}""";

    private final ConnectionServiceClient connections;
    private final Caller caller;

    public ConnectionsResource(@RestClient ConnectionServiceClient connections, Caller caller) {
        this.connections = connections;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a connection", description = "Fields: name, kind (s3), endpoint, region,"
            + " access_key_id, secret_access_key; optional addressing_style (auto, path, virtual) and is_default."
            + " The secret is write-only: it is encrypted at rest and never returned.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "s3", value = CREATE_EXAMPLE)))
    public Uni<Response> create(String body) {
        return Relay.of(connections.create(caller.projectId(), body));
    }

    @GET
    @Operation(summary = "List connections", description = "Newest first. Pass next_cursor as after for the next"
            + " page; limit is 1 to 100 (default 20).")
    public Uni<Response> list(@RestQuery String limit, @RestQuery String after) {
        return Relay.of(connections.list(caller.projectId(), limit, after));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a connection")
    public Uni<Response> get(@RestPath String id) {
        return Relay.of(connections.get(caller.projectId(), id));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update a connection", description = "Any field; {\"is_default\": true} makes it the"
            + " project's only default connection.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "default", value = "{ \"is_default\": true }")))
    public Uni<Response> update(@RestPath String id, String body) {
        return Relay.of(connections.update(caller.projectId(), id, body));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a connection")
    public Uni<Response> delete(@RestPath String id) {
        return Relay.of(connections.delete(caller.projectId(), id));
    }

    @POST
    @Path("{id}/test")
    @Operation(summary = "Test a connection", description = "Tries the credentials: reachable, authenticated and,"
            + " with {\"bucket\": \"…\"}, bucket exists, can write and delete a probe object. Failures come with"
            + " advice.")
    public Uni<Response> test(@RestPath String id, String body) {
        return Relay.of(connections.test(caller.projectId(), id, body == null || body.isBlank() ? null : body));
    }
}
