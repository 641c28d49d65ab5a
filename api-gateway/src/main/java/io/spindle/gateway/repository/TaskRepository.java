package io.spindle.gateway.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, String> {

    public Uni<Task> findInProject(String projectId, String id) {
        return find("id = :id and projectId = :project", Parameters.with("id", id).and("project", projectId))
                .firstResult();
    }

    /** A task, its run and all the run's tasks (the task among them), in order. */
    public record InRun(Task task, Run run, List<Task> all) {
    }

    /** The project's task {@code id} with its run and all the run's tasks, in one query; null without such a task. */
    public Uni<InRun> withRun(String projectId, String id) {
        return getSession().flatMap(session -> session.createSelectionQuery("select t, r from Task t join Run r"
                + " on r.id = t.runId where t.runId = (select o.runId from Task o where o.id = :id"
                + " and o.projectId = :project) order by t.position", Object[].class)
                .setParameter("id", id).setParameter("project", projectId).getResultList())
                .map(rows -> {
                    List<Task> all = rows.stream().map(row -> (Task) row[0]).toList();
                    return all.stream().filter(t -> t.id.equals(id)).findFirst()
                            .map(task -> new InRun(task, (Run) rows.get(0)[1], all)).orElse(null);
                });
    }

    public Uni<List<Task>> ofRun(String runId) {
        return find("runId = :run order by position", Parameters.with("run", runId)).list();
    }

    /** Up to {@code limit} tasks of the project, newest first, optionally filtered, after {@code cursor}. */
    public Uni<List<Task>> page(String projectId, TaskStatus status, TaskKind kind, Task cursor, int limit) {
        StringBuilder query = new StringBuilder("projectId = :project");
        Parameters params = Parameters.with("project", projectId);
        if (status != null) {
            query.append(" and status = :status");
            params.and("status", status);
        }
        if (kind != null) {
            query.append(" and kind = :kind");
            params.and("kind", kind);
        }
        if (cursor != null) {
            query.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            params.and("at", cursor.createdAt).and("id", cursor.id);
        }
        query.append(" order by createdAt desc, id desc");
        return find(query.toString(), params).range(0, limit - 1).list();
    }
}
