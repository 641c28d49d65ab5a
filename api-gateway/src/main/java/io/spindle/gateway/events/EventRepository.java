package io.spindle.gateway.events;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.spindle.gateway.repository.MultiRowInsert;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

@ApplicationScoped
public class EventRepository implements PanacheRepositoryBase<Event, Long> {

    /** What a listing asks for: optional filters, the direction, and the event the page starts from. */
    public record Query(String kind, String runId, String taskId, boolean newestFirst, Event after, Event before,
            int limit) {
    }

    /** Inserts events in one statement, in their order (their {@code seq} follows it). */
    public Uni<Void> insertAll(List<Event> all) {
        return getSession().flatMap(session -> MultiRowInsert.insert(session, "events", List.of("id", "project_id",
                "kind", "run_id", "task_id", "data", "created_at"), all.stream().map(e -> new Object[] {e.id,
                        e.projectId, e.kind, e.runId, e.taskId, e.data, e.createdAt}).toList()));
    }

    public Uni<Event> findInProject(String projectId, String id) {
        return find("id = :id and projectId = :project", Parameters.with("id", id).and("project", projectId))
                .firstResult();
    }

    /**
     * Up to {@code q.limit()} events of the project in the listing's order: those that come after {@code q.after()}
     * in it, or, with {@code q.before()}, the ones just before that event (still in the listing's order).
     */
    public Uni<List<Event>> page(String projectId, Query q) {
        StringBuilder where = new StringBuilder("projectId = :project");
        Parameters params = Parameters.with("project", projectId);
        if (q.kind() != null) {
            where.append(" and kind = :kind");
            params.and("kind", q.kind());
        }
        if (q.runId() != null) {
            where.append(" and runId = :run");
            params.and("run", q.runId());
        }
        if (q.taskId() != null) {
            where.append(" and taskId = :task");
            params.and("task", q.taskId());
        }
        // walking backwards from 'before' reads the listing's order reversed, then turns the page round
        boolean backwards = q.before() != null;
        boolean descending = q.newestFirst() != backwards;
        Event from = backwards ? q.before() : q.after();
        if (from != null) {
            where.append(descending ? " and seq < :seq" : " and seq > :seq");
            params.and("seq", from.seq);
        }
        return find(where + " order by seq " + (descending ? "desc" : "asc"), params).range(0, q.limit() - 1).list()
                .map(rows -> {
                    if (!backwards) {
                        return rows;
                    }
                    List<Event> turned = new ArrayList<>(rows);
                    Collections.reverse(turned);
                    return turned;
                });
    }

    /** Deletes up to {@code batch} events written before {@code cutoff}; returns how many. */
    public Uni<Integer> deleteBefore(Instant cutoff, int batch) {
        return getSession().flatMap(session -> session.createNativeQuery("delete from events where seq in (select seq"
                + " from events where created_at < :cutoff order by seq limit :batch)")
                .setParameter("cutoff", cutoff).setParameter("batch", batch).executeUpdate());
    }
}
