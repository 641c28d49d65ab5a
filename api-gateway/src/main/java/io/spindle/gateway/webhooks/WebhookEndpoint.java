package io.spindle.gateway.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Where a project wants its events delivered, and the secret deliveries are signed with (sealed). */
@Entity
@Table(name = "webhook_endpoints")
public class WebhookEndpoint {

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(nullable = false)
    public String url;

    /** JSON array of event types, or {@code ["*"]}. */
    @Column(nullable = false)
    public String topics;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "secret_key_id", nullable = false)
    public String secretKeyId;

    @Column(nullable = false)
    public byte[] secret;

    @Column(name = "previous_key_id")
    public String previousKeyId;

    @Column(name = "previous_secret")
    public byte[] previousSecret;

    @Column(name = "previous_expires_at")
    public Instant previousExpiresAt;

    /** Since when every attempt has failed; null after a success. */
    @Column(name = "failing_since")
    public Instant failingSince;

    /** Why Spindle disabled it; null when it was never disabled, or enabled again. */
    @Column(name = "disabled_reason")
    public String disabledReason;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
