package io.spindle.gateway.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.spindle.contract.IdKind;
import io.spindle.contract.pipeline.EventTypes;
import io.spindle.gateway.rest.Page;
import io.spindle.gateway.service.Lookups;
import io.spindle.servicekit.rest.ApiException;
import io.spindle.servicekit.rest.QueryParams;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The project's events for {@code GET /events}: recorded with the outbox record that publishes each on
 * {@code task-events} (same transaction, same id), listed with cursors, and deleted once past
 * {@code spindle.events.retention}.
 */
@ApplicationScoped
public class EventLog {

    private static final Logger LOG = Logger.getLogger(EventLog.class);
    private static final int SWEEP_BATCH = 1000;
    private final EventRepository events;
    private final EventsConfig config;

    public EventLog(EventRepository events, EventsConfig config) {
        this.events = events;
        this.config = config;
    }

    /** Records an event in the caller's transaction. */
    public Uni<Void> record(String id, String type, String projectId, String runId, String taskId, byte[] data,
            Instant at) {
        return recordAll(List.of(event(id, type, projectId, runId, taskId, data, at)));
    }

    /** Records events in the caller's transaction, in one statement. */
    public Uni<Void> recordAll(List<Event> all) {
        return all.isEmpty() ? Uni.createFrom().voidItem() : events.insertAll(all);
    }

    /** An event to record, not yet recorded. */
    public static Event event(String id, String type, String projectId, String runId, String taskId, byte[] data,
            Instant at) {
        Event event = new Event();
        event.id = id;
        event.kind = type;
        event.projectId = projectId;
        event.runId = runId;
        event.taskId = taskId;
        event.data = new String(data, StandardCharsets.UTF_8);
        event.createdAt = at;
        return event;
    }

    @WithSession
    public Uni<EventView> get(String projectId, String id) {
        return Lookups.byId(IdKind.EVENT, "event", id, e -> events.findInProject(projectId, e)).map(EventView::of);
    }

    /** A page of the project's events, newest first unless {@code order} is {@code asc}. */
    @WithSession
    public Uni<Page<EventView>> list(String projectId, String kind, String runId, String taskId, String order,
            String limit, String after, String before) {
        int size = QueryParams.pageSize(limit);
        if (kind != null && !EventTypes.ALL.contains(kind)) {
            throw ApiException.invalidField("kind", "must be one of " + String.join(", ", EventTypes.ALL));
        }
        requireId("run_id", IdKind.RUN, runId);
        requireId("task_id", IdKind.TASK, taskId);
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalidField("order", "must be asc (oldest first) or desc (newest first, the default)");
        }
        if (after != null && before != null) {
            throw ApiException.invalidField("before", "give after or before, not both");
        }
        boolean newestFirst = !"asc".equals(order);
        return cursor(projectId, "after", after).flatMap(from -> cursor(projectId, "before", before)
                .flatMap(to -> events.page(projectId, new EventRepository.Query(kind, runId, taskId, newestFirst,
                        from, to, size + 1))))
                .map(rows -> before == null ? Page.of(rows.stream().map(EventView::of).toList(), size, EventView::id)
                        : pageBefore(rows, size));
    }

    /**
     * A page read backwards from {@code before}: its rows in the listing's order, the extra row (if any) first.
     * {@code has_more} says whether events come before it; {@code next_cursor} is then the id to pass as
     * {@code before} for them.
     */
    private static Page<EventView> pageBefore(List<Event> rows, int size) {
        boolean more = rows.size() > size;
        List<EventView> data = rows.subList(more ? 1 : 0, rows.size()).stream().map(EventView::of).toList();
        return new Page<>("list", data, more, more ? data.get(0).id() : null);
    }

    private static void requireId(String field, IdKind kind, String value) {
        if (value != null && !kind.matches(value)) {
            throw ApiException.invalidField(field, "must be a " + kind.prefix() + " id (" + kind.format() + ")");
        }
    }

    private Uni<Event> cursor(String projectId, String field, String id) {
        return Lookups.cursor(IdKind.EVENT, "event", field, id, e -> events.findInProject(projectId, e));
    }

    @Scheduled(every = "${spindle.events.sweep-interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return sweepBefore(Instant.now().minus(config.retention())).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("expired events not deleted yet: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Deletes every event written before {@code cutoff}, a batch per transaction; returns how many. */
    public Uni<Long> sweepBefore(Instant cutoff) {
        return Panache.withTransaction(() -> events.deleteBefore(cutoff, SWEEP_BATCH)).flatMap(deleted -> {
            if (deleted > 0) {
                LOG.infof("deleted %d events older than the retention", deleted);
            }
            return deleted < SWEEP_BATCH ? Uni.createFrom().item((long) deleted)
                    : sweepBefore(cutoff).map(more -> more + deleted);
        });
    }
}
