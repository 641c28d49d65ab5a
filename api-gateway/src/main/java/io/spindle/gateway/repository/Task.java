package io.spindle.gateway.repository;

import io.spindle.contract.pipeline.TaskKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

/** One node of a run, as the projection of task-reports knows it. */
@Entity
@Table(name = "tasks")
@DynamicUpdate
public class Task extends Tracked {

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(name = "run_id", nullable = false)
    public String runId;

    @Column(name = "parent_id")
    public String parentId;

    /** Order within the run (depth-first), for stable listings. */
    @Column(nullable = false)
    public int position;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskKind kind;

    public Integer progress;

    /** JSON object. */
    @Column(nullable = false)
    public String options;

    /** JSON array of artifacts. */
    @Column(nullable = false)
    public String inputs;

    /** JSON array of artifacts. */
    @Column(nullable = false)
    public String outputs;
}
