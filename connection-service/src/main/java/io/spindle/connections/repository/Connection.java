package io.spindle.connections.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;

/** A stored connection. The secret is held only as ciphertext. */
@Entity
@Table(name = "connections")
@DynamicUpdate // write only what changed: is_default is also moved by bulk updates under a lock

public class Connection {

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String endpoint;

    @Column(nullable = false)
    public String region;

    @Column(name = "addressing_style", nullable = false)
    public String addressingStyle;

    @Column(name = "access_key_id", nullable = false)
    public String accessKeyId;

    @Column(name = "secret_ciphertext", nullable = false)
    public byte[] secretCiphertext;

    @Column(name = "secret_key_id", nullable = false)
    public String secretKeyId;

    @Column(name = "is_default", nullable = false)
    public boolean isDefault;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
