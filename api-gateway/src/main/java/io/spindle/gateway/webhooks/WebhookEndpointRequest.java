package io.spindle.gateway.webhooks;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /webhooks/endpoints} and of {@code PATCH} (absent fields keep their value there). */
@Schema(name = "WebhookEndpointRequest")
public record WebhookEndpointRequest(
        @Schema(description = "https URL that receives POSTs (http only for hosts the operator allows)",
                examples = "https://example.com/webhooks/spindle") String url,
        @Schema(description = "Event types to deliver, or [\"*\"] for all of them") List<String> topics,
        @Schema(description = "Default true; false stops deliveries (pending ones wait)") Boolean enabled) {
}
