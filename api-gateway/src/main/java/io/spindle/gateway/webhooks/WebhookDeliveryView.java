package io.spindle.gateway.webhooks;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A delivery of one event to one endpoint, with every attempt at it. */
@Schema(name = "WebhookDelivery")
public record WebhookDeliveryView(
        @Schema(examples = "whd_abcdefgh12345678") String id,
        @Schema(enumeration = "webhook_delivery") String object,
        String endpointId,
        @Schema(description = "The event's id: the webhook-id header, GET /events/{id}, the CloudEvent's id")
        String eventId,
        String eventKind,
        @Schema(enumeration = {"pending", "succeeded", "failed"}) String status,
        int attemptCount,
        @Schema(description = "When the next attempt is due; null once the delivery has ended") Instant nextAttemptAt,
        List<Attempt> attempts,
        Instant createdAt,
        Instant updatedAt) {

    public static final String OBJECT = "webhook_delivery";

    /** One try: the HTTP status answered (null when none was), how long it took, and why it failed. */
    @Schema(name = "WebhookDeliveryAttempt")
    public record Attempt(int number, Instant attemptedAt, boolean succeeded, Integer responseCode, int durationMs,
            String error) {
    }
}
