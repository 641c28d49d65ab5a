package io.spindle.gateway.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

@ApplicationScoped
public class RunRepository implements PanacheRepositoryBase<Run, String> {

    /** The unique index that keeps one run per (project, request id). */
    public static final String REQUEST_INDEX = "runs_request";

    public Uni<Run> findInProject(String projectId, String id) {
        return find("id = :id and projectId = :project", Parameters.with("id", id).and("project", projectId))
                .firstResult();
    }

    /**
     * The run, locked until the transaction ends: whatever changes a run's tasks (a report, a cancellation) takes
     * this first, so two changes of one run never interleave.
     */
    public Uni<Run> lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<Run> findByRequest(String projectId, String requestId) {
        return find("projectId = :project and requestId = :request",
                Parameters.with("project", projectId).and("request", requestId)).firstResult();
    }

    /** Up to {@code limit} runs of the project, newest first, after {@code cursor}. */
    public Uni<List<Run>> page(String projectId, Run cursor, int limit) {
        Parameters params = Parameters.with("project", projectId);
        String query = "projectId = :project";
        if (cursor != null) {
            query += " and (createdAt < :at or (createdAt = :at and id < :id))";
            params.and("at", cursor.createdAt).and("id", cursor.id);
        }
        return find(query + " order by createdAt desc, id desc", params).range(0, limit - 1).list();
    }
}
