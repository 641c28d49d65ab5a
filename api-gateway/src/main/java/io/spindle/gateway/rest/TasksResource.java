package io.spindle.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.spindle.gateway.service.CancelService;
import io.spindle.gateway.service.TaskService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/tasks")
@Tag(name = "tasks", description = "Process a file and push the result to your storage")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

    private static final String EXAMPLE = """
            {"url": "https://example.com/input.mp4", "kind": "video", "connection_id": "con_abcdefgh12345678",
             "destination": "s3://my-bucket/output/video-720p.mp4", "options": {"width": 1280, "format": "mp4"}}""";

    private final TaskService tasks;
    private final CancelService cancels;
    private final Caller caller;

    public TasksResource(TaskService tasks, CancelService cancels, Caller caller) {
        this.tasks = tasks;
        this.cancels = cancels;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The task, queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)))
    @APIResponse(responseCode = "200", description = "The task made earlier with this Idempotency-Key")
    @Operation(summary = "Create a task", description = "Ingests url (http, https or s3://), processes it as kind"
            + " (video, audio, image) with options and, with a destination (s3://bucket/key), uploads the result"
            + " there through connection_id or the project's default connection.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "video", value = EXAMPLE)))
    public Uni<RestResponse<TaskView>> create(@Parameter(description = CreatedResponse.IDEMPOTENCY_KEY_DESCRIPTION)
            @RestHeader(CreatedResponse.IDEMPOTENCY_KEY) String idempotencyKey, CreateTaskRequest body) {
        return tasks.create(caller.projectId(), body, idempotencyKey).map(CreatedResponse::of);
    }

    @GET
    @Operation(summary = "List tasks", description = "Newest first; filter by status and kind; cursor pagination"
            + " with limit (1-100) and after.")
    public Uni<Page<TaskView>> list(@RestQuery String status, @RestQuery String kind, @RestQuery String limit,
            @RestQuery String after) {
        return tasks.list(caller.projectId(), status, kind, limit, after);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a task")
    public Uni<TaskView> get(@RestPath String id) {
        return tasks.get(caller.projectId(), id);
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a task", description = "Stops the task and the tasks below it (for a task made by POST /tasks: its whole run): tasks not"
            + " started are cancelled at once, a running one is stopped within seconds (its FFmpeg killed, its transfer"
            + " and multipart upload aborted), and nothing more reaches a destination. 409 once the task has ended.")
    @APIResponse(responseCode = "200", description = "The task, cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)))
    @APIResponse(responseCode = "409", description = "The task has already ended (kind task_finished)")
    public Uni<TaskView> cancel(@RestPath String id, @Parameter(description = CreatedResponse.IDEMPOTENCY_KEY_DESCRIPTION)
            @RestHeader(CreatedResponse.IDEMPOTENCY_KEY) String idempotencyKey) {
        return cancels.cancelTask(caller.projectId(), id, idempotencyKey);
    }
}
