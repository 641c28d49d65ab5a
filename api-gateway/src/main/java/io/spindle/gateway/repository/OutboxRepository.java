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
        StringBuilder sql = new StringBuilder("insert into outbox (topic, record_key, payload, event_type, event_id,"
                + " event_source, event_subject, created_at) values ");
        for (int i = 0; i < records.size(); i++) {
            int p = i * 8;
            sql.append(i == 0 ? "" : ", ").append("(?").append(p + 1).append(", ?").append(p + 2).append(", ?")
                    .append(p + 3).append(", ?").append(p + 4).append(", ?").append(p + 5).append(", ?")
                    .append(p + 6).append(", ?").append(p + 7).append(", ?").append(p + 8).append(')');
        }
        return getSession().flatMap(session -> {
            var insert = session.createNativeQuery(sql.toString());
            for (int i = 0; i < records.size(); i++) {
                OutboxRecord r = records.get(i);
                int p = i * 8;
                insert.setParameter(p + 1, r.topic).setParameter(p + 2, r.recordKey).setParameter(p + 3, r.payload)
                        .setParameter(p + 4, r.eventType).setParameter(p + 5, r.eventId)
                        .setParameter(p + 6, r.eventSource).setParameter(p + 7, r.eventSubject)
                        .setParameter(p + 8, r.createdAt);
            }
            return insert.executeUpdate();
        }).replaceWithVoid();
    }
}
