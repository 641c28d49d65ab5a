package io.spindle.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.gateway.service.ApiKeyService;
import io.spindle.servicekit.rest.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** The caller's project's API keys: make one, list them, revoke one. */
@Path("/api-keys")
@Tag(name = "api-keys", description = "Keys of your project: the key itself is shown once, when it is made")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    static final int MAX_NAME = 100;

    private final ApiKeyService keys;
    private final Caller caller;

    public ApiKeysResource(ApiKeyService keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make an API key", description = "Fields: name; optional expires_at (a future time)."
            + " The answer's key is shown this once: only its SHA-256 is stored.")
    public Uni<RestResponse<ApiKeyView>> create(CreateApiKeyRequest body) {
        if (body == null) {
            throw ApiException.invalidField("name", "is required");
        }
        String name = body.name() == null ? "" : body.name().strip();
        if (name.isEmpty()) {
            throw ApiException.invalidField("name", "is required");
        }
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidField("name", "must be at most " + MAX_NAME
                    + " characters, without control characters");
        }
        if (body.expiresAt() != null && !body.expiresAt().isAfter(Instant.now())) {
            throw ApiException.invalidField("expires_at", "must be in the future");
        }
        return keys.issue(caller.projectId(), name, body.expiresAt())
                .map(issued -> RestResponse.status(RestResponse.Status.CREATED,
                        ApiKeyView.of(issued.key(), issued.secret())));
    }

    @GET
    @Operation(summary = "List API keys", description = "Newest first (up to 100), revoked ones included, without"
            + " the keys themselves.")
    public Uni<Page<ApiKeyView>> list() {
        return keys.list(caller.projectId()).map(list -> new Page<>("list", list.stream().map(ApiKeyView::of)
                .toList(), false, null));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke an API key", description = "At once: the next request with the key gets 401.")
    public Uni<ApiKeyView> revoke(@RestPath String id) {
        if (!IdKind.API_KEY.matches(id)) {
            throw ApiException.invalidField("id", "must look like " + IdKind.API_KEY.format());
        }
        return keys.revoke(caller.projectId(), id).map(key -> {
            if (key == null) {
                throw ApiException.notFound("API key", id);
            }
            return ApiKeyView.of(key);
        });
    }
}
