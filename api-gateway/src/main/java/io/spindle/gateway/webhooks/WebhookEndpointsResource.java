package io.spindle.gateway.webhooks;

import io.smallrye.mutiny.Uni;
import io.spindle.gateway.rest.Caller;
import io.spindle.gateway.rest.Page;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/webhooks/endpoints")
@Tag(name = "webhooks", description = "Events delivered to your URL, signed per the Standard Webhooks specification")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookEndpointsResource {

    private static final String EXAMPLE = """
            {"url": "https://example.com/webhooks/spindle", "topics": ["run.succeeded", "task.failed"]}""";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final WebhookEndpoints endpoints;
    private final Caller caller;

    public WebhookEndpointsResource(WebhookEndpoints endpoints, Caller caller) {
        this.endpoints = endpoints;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a webhook endpoint", description = "Events of the topics (or \"*\") are POSTed to"
            + " url with the headers webhook-id (the event id), webhook-timestamp and webhook-signature (v1, HMAC-SHA256"
            + " per standardwebhooks.com). The answer carries the signing secret (whsec_…) once. Retried with"
            + " exponential backoff for 3 days unless answered 2xx within 10 s; an endpoint failing for 3 days is"
            + " disabled.")
    @APIResponse(responseCode = "201", description = "The endpoint, with its secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookEndpointView.class)))
    @APIResponse(responseCode = "200", description = "The endpoint made earlier with this Idempotency-Key, with its"
            + " secret")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "runs and failures", value = EXAMPLE)))
    public Uni<RestResponse<WebhookEndpointView>> create(@Parameter(description = "Optional, up to 128 characters:"
            + " sending the same key again (in this project) answers the endpoint the first request made, with 200.")
            @RestHeader(IDEMPOTENCY_KEY) String idempotencyKey, WebhookEndpointRequest body) {
        return endpoints.create(caller.projectId(), body, idempotencyKey).map(created -> created.isNew()
                ? RestResponse.status(RestResponse.Status.CREATED, created.endpoint())
                : RestResponse.ok(created.endpoint()));
    }

    @GET
    @Operation(summary = "List webhook endpoints", description = "Newest first; cursor pagination with limit (1-100)"
            + " and after. Secrets are not shown.")
    public Uni<Page<WebhookEndpointView>> list(@RestQuery String limit, @RestQuery String after) {
        return endpoints.list(caller.projectId(), limit, after);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a webhook endpoint")
    public Uni<WebhookEndpointView> get(@RestPath String id) {
        return endpoints.get(caller.projectId(), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a webhook endpoint", description = "Any of url, topics, enabled; absent fields keep"
            + " their value. Enabling an endpoint Spindle disabled starts it afresh.")
    public Uni<WebhookEndpointView> update(@RestPath String id, WebhookEndpointRequest body) {
        return endpoints.update(caller.projectId(), id, body);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a webhook endpoint", description = "With its deliveries; nothing more is sent to it.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Void> delete(@RestPath String id) {
        return endpoints.delete(caller.projectId(), id);
    }

    @POST
    @Path("{id}/rotate-secret")
    @Operation(summary = "Rotate the signing secret", description = "Answers the new secret once. For 24 hours the"
            + " old one stays valid: deliveries carry a signature with each, so receivers can switch at their pace.")
    public Uni<WebhookEndpointView> rotateSecret(@RestPath String id) {
        return endpoints.rotateSecret(caller.projectId(), id);
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "List an endpoint's deliveries", description = "Newest first, each with its attempts"
            + " (when, HTTP status, duration, error) and when the next one is due; cursor pagination with limit and"
            + " after.")
    public Uni<Page<WebhookDeliveryView>> deliveries(@RestPath String id, @RestQuery String limit,
            @RestQuery String after) {
        return endpoints.deliveries(caller.projectId(), id, limit, after);
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/resend")
    @Operation(summary = "Send a delivery again", description = "Due at once, whatever it came to before; the new"
            + " attempt is added to its list.")
    public Uni<WebhookDeliveryView> resend(@RestPath String id, @RestPath String deliveryId) {
        return endpoints.resend(caller.projectId(), id, deliveryId);
    }
}
