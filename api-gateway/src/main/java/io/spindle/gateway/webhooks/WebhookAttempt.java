package io.spindle.gateway.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One try at a delivery: what the endpoint answered, and how long it took. */
@Entity
@Table(name = "webhook_attempts")
public class WebhookAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "delivery_id", nullable = false)
    public String deliveryId;

    @Column(nullable = false)
    public int number;

    @Column(name = "attempted_at", nullable = false)
    public Instant attemptedAt;

    @Column(nullable = false)
    public boolean succeeded;

    /** The HTTP status answered; null when none was (refused, timed out). */
    @Column(name = "response_code")
    public Integer responseCode;

    @Column(name = "duration_ms", nullable = false)
    public int durationMs;

    /** Why it failed, for the endpoint's owner (never a body from the endpoint). */
    public String error;
}
