package io.spindle.gateway.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A public event as {@code GET /events} keeps it: written in the transaction of the change it announces, with the
 * outbox record that publishes it on {@code task-events} under the same id.
 */
@Entity
@Table(name = "events")
public class Event {

    /** The order events were written in: the order of the listing. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(nullable = false, unique = true)
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    /** The event type ({@code task.succeeded}, …). */
    @Column(nullable = false)
    public String kind;

    @Column(name = "run_id")
    public String runId;

    @Column(name = "task_id")
    public String taskId;

    /** The API object the event carries, as JSON. */
    @Column(nullable = false)
    public String data;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
