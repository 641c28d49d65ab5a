package io.spindle.gateway.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One event for one endpoint: {@code pending} until an attempt is answered with a 2xx ({@code succeeded}) or the
 * retries run out ({@code failed}). Every attempt sends the same body, signed anew.
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDelivery {

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    @Id
    public String id;

    @Column(name = "endpoint_id", nullable = false)
    public String endpointId;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(name = "event_kind", nullable = false)
    public String eventKind;

    @Column(nullable = false)
    public byte[] body;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "leased_until")
    public Instant leasedUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
