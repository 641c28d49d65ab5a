package io.spindle.gateway.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxRecord, Long> {

    /** The oldest pending records, locked for this transaction; other gateway replicas skip them. */
    @SuppressWarnings("unchecked")
    public Uni<List<OutboxRecord>> lockPending(int limit) {
        return getSession().flatMap(session -> session
                .createNativeQuery("select * from outbox order by id limit :limit for update skip locked",
                        OutboxRecord.class)
                .setParameter("limit", limit)
                .getResultList());
    }
}
