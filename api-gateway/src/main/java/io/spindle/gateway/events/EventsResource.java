package io.spindle.gateway.events;

import io.smallrye.mutiny.Uni;
import io.spindle.gateway.rest.Caller;
import io.spindle.gateway.rest.Page;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/events")
@Tag(name = "events", description = "What happened to your tasks and runs: the same events as on task-events and"
        + " in webhook deliveries")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    private final EventLog events;
    private final Caller caller;

    public EventsResource(EventLog events, Caller caller) {
        this.events = events;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List events", description = "Newest first (order=asc: oldest first); filter by kind,"
            + " run_id and task_id; cursor pagination with limit (1-100) and after (the page after an event, in"
            + " the listing's order) or before (the page before it; its next_cursor is then passed as before)."
            + " Events are kept for 30 days unless the operator configured otherwise.")
    public Uni<Page<EventView>> list(
            @Parameter(description = "An event type, e.g. task.succeeded") @RestQuery String kind,
            @RestQuery("run_id") String runId, @RestQuery("task_id") String taskId,
            @Parameter(description = "desc (default) or asc") @RestQuery String order,
            @RestQuery String limit, @RestQuery String after, @RestQuery String before) {
        return events.list(caller.projectId(), kind, runId, taskId, order, limit, after, before);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get an event")
    public Uni<EventView> get(@RestPath String id) {
        return events.get(caller.projectId(), id);
    }
}
