package io.spindle.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.spindle.gateway.service.CancelService;
import io.spindle.gateway.service.RunService;
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

@Path("/runs")
@Tag(name = "runs", description = "Trees of tasks: ingest, process, upload, each step with its own connection")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    private static final String EXAMPLE = """
            {"tasks": [{"kind": "ingest",
              "options": {"connection_id": "con_source_connection", "bucket": "source-bucket",
                          "key": "uploads/raw-video.mp4"},
              "next": [{"kind": "video", "options": {"width": 1280, "format": "mp4"},
                "next": [{"kind": "upload", "options": {"connection_id": "con_dest_connection",
                          "bucket": "dest-bucket", "key": "processed/video-720p.mp4"}}]}]}]}""";

    private final RunService runs;
    private final CancelService cancels;
    private final Caller caller;

    public RunsResource(RunService runs, CancelService cancels, Caller caller) {
        this.runs = runs;
        this.cancels = cancels;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The run, planned and queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "200", description = "The run planned earlier with this Idempotency-Key")
    @Operation(summary = "Create a run", description = "Top-level tasks are ingests (url, or bucket and key through"
            + " connection_id or the default connection); each task's next run in parallel on its output (video,"
            + " audio, image, upload); uploads (connection_id, bucket, key) end a branch. Nothing is queued unless"
            + " the whole tree is valid; errors name the offending node (tasks[0].next[0].options.width).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ingest, video, upload", value = EXAMPLE)))
    public Uni<RestResponse<RunView>> create(@Parameter(description = CreatedResponse.IDEMPOTENCY_KEY_DESCRIPTION)
            @RestHeader(CreatedResponse.IDEMPOTENCY_KEY) String idempotencyKey, CreateRunRequest body) {
        return runs.create(caller.projectId(), body, idempotencyKey).map(CreatedResponse::of);
    }

    @GET
    @Operation(summary = "List runs", description = "Newest first, without their tasks; cursor pagination with"
            + " limit (1-100) and after.")
    public Uni<Page<RunView>> list(@RestQuery String limit, @RestQuery String after) {
        return runs.list(caller.projectId(), limit, after);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a run with all its tasks")
    public Uni<RunView> get(@RestPath String id) {
        return runs.get(caller.projectId(), id);
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a run", description = "Cancels every task of the run that has not ended: tasks not started at once, running ones within"
            + " seconds (FFmpeg killed, transfers and multipart uploads aborted); the run ends cancelled and nothing more"
            + " reaches a destination. 409 once the run has ended.")
    @APIResponse(responseCode = "200", description = "The run, cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "409", description = "The run has already ended (kind run_finished)")
    public Uni<RunView> cancel(@RestPath String id, @Parameter(description = CreatedResponse.IDEMPOTENCY_KEY_DESCRIPTION)
            @RestHeader(CreatedResponse.IDEMPOTENCY_KEY) String idempotencyKey) {
        return cancels.cancelRun(caller.projectId(), id, idempotencyKey);
    }
}
