package io.spindle.gateway.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An API key of a project, stored as the SHA-256 of the key. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(name = "key_hash", nullable = false)
    public String keyHash;

    @Column(name = "key_hint")
    public String keyHint;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** What the project calls it; null for keys registered from configuration. */
    @Column(name = "name")
    public String name;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** When a request last used it, to within a minute. */
    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /** Whether the key lets a request in at {@code now}: not revoked, not expired. */
    public boolean validAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
