package io.spindle.gateway.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A webhook endpoint as the API shows it. {@code secret} is there only in the answer of {@code POST} and of
 * {@code rotate-secret} (and of a repeat of the POST with the same Idempotency-Key): it is never shown again.
 */
@Schema(name = "WebhookEndpoint")
public record WebhookEndpointView(
        @Schema(examples = "whe_abcdefgh12345678") String id,
        @Schema(enumeration = "webhook_endpoint") String object,
        @Schema(examples = "https://example.com/webhooks/spindle") String url,
        @Schema(description = "Event types delivered, or [\"*\"] for all") List<String> topics,
        boolean enabled,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The signing secret (whsec_…): in the answers of create and rotate-secret only")
        String secret,
        @Schema(description = "Why Spindle disabled the endpoint (it kept failing), if it did") String disabledReason,
        @Schema(description = "Since when every delivery attempt has failed; null after a success") Instant failingSince,
        Instant createdAt,
        Instant updatedAt) {

    public static final String OBJECT = "webhook_endpoint";
}
