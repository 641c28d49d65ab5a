package io.spindle.gateway.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxRecord, Long> {

    /** Key of the advisory lock that lets one relay at a time publish, so that records leave in order. */
    static final long RELAY_LOCK = 0x5350494e444c45L; // "SPINDLE"

    /** Takes the relay's lock for this transaction, if no other relay holds it. */
    public Uni<Boolean> tryLockRelay() {
        return getSession().flatMap(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")", Boolean.class)
                .getSingleResult());
    }

    /** The oldest pending records, locked for this transaction; other gateway replicas skip them. */
    @SuppressWarnings("unchecked")
    public Uni<List<OutboxRecord>> lockPending(int limit) {
        return getSession().flatMap(session -> session
                .createNativeQuery("select * from outbox order by id limit :limit for update skip locked",
                        OutboxRecord.class)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Deletes the published records, in one statement. */
    public Uni<Void> deleteAll(List<Long> ids) {
        return delete("id in ?1", ids).replaceWithVoid();
    }

    /** Inserts records in one statement, in their order (so their ids, and the order they are sent in, follow it). */
    public Uni<Void> insertAll(List<OutboxRecord> records) {
        return getSession().flatMap(session -> MultiRowInsert.insert(session, "outbox", List.of("topic",
                "record_key", "payload", "event_type", "event_id", "event_source", "event_subject", "created_at"),
                records.stream().map(r -> new Object[] {r.topic, r.recordKey, r.payload, r.eventType, r.eventId,
                        r.eventSource, r.eventSubject, r.createdAt}).toList()));
    }
}
