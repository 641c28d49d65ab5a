package io.spindle.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.spindle.gateway.service.TaskService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

@Path("/runs")
@Tag(name = "runs", description = "Trees of tasks")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    private final TaskService tasks;
    private final Caller caller;

    public RunsResource(TaskService tasks, Caller caller) {
        this.tasks = tasks;
        this.caller = caller;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a run with all its tasks")
    public Uni<RunView> get(@RestPath String id) {
        return tasks.run(caller.projectId(), id);
    }
}
