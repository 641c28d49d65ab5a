package io.spindle.gateway.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A Kafka record written in the same transaction as the state it announces; deleted once published. Commands
 * have no event attributes; public events carry their CloudEvents attributes, sent as {@code ce_*} headers.
 */
@Entity
@Table(name = "outbox")
public class OutboxRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String topic;

    @Column(name = "record_key", nullable = false)
    public String recordKey;

    @Column(nullable = false)
    public byte[] payload;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "event_source")
    public String eventSource;

    @Column(name = "event_subject")
    public String eventSubject;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
