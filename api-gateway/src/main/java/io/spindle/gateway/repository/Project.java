package io.spindle.gateway.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A project: the unit of isolation. Its connections, tasks and runs are invisible to every other project. */
@Entity
@Table(name = "projects")
public class Project {

    @Id
    public String id;

    @jakarta.persistence.Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
