package io.spindle.gateway.webhooks;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class WebhookDeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, String> {

    /**
     * Inserts a delivery unless the endpoint already has one for the event (a {@code task-events} record read
     * again); returns whether it was inserted.
     */
    public Uni<Boolean> insertOnce(WebhookDelivery d) {
        return getSession().flatMap(session -> session.createNativeQuery("insert into webhook_deliveries (id,"
                + " endpoint_id, event_id, event_kind, body, status, attempts, next_attempt_at, created_at, updated_at)"
                + " values (:id, :endpoint, :event, :kind, :body, :status, 0, :next, :at, :at)"
                + " on conflict (endpoint_id, event_id) do nothing")
                .setParameter("id", d.id).setParameter("endpoint", d.endpointId).setParameter("event", d.eventId)
                .setParameter("kind", d.eventKind).setParameter("body", d.body).setParameter("status", d.status)
                .setParameter("next", d.nextAttemptAt).setParameter("at", d.createdAt)
                .executeUpdate()).map(inserted -> inserted > 0);
    }

    /**
     * Up to {@code limit} pending deliveries that are due and not leased to a replica, oldest due first, locked for
     * this transaction (other replicas skip them); the caller leases them before the transaction ends.
     */
    @SuppressWarnings("unchecked")
    public Uni<List<WebhookDelivery>> lockDue(Instant now, int limit) {
        return getSession().flatMap(session -> session.createNativeQuery("select * from webhook_deliveries"
                + " where status = 'pending' and next_attempt_at <= :now and (leased_until is null or leased_until < :now)"
                + " and endpoint_id in (select id from webhook_endpoints where enabled)"
                + " order by next_attempt_at limit :limit for update skip locked", WebhookDelivery.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList());
    }

    public Uni<WebhookDelivery> findOfEndpoint(String endpointId, String id) {
        return find("id = :id and endpointId = :endpoint", Parameters.with("id", id).and("endpoint", endpointId))
                .firstResult();
    }

    /** Up to {@code limit} deliveries to the endpoint, newest first, after {@code cursor}. */
    public Uni<List<WebhookDelivery>> page(String endpointId, WebhookDelivery cursor, int limit) {
        Parameters params = Parameters.with("endpoint", endpointId);
        String query = "endpointId = :endpoint";
        if (cursor != null) {
            query += " and (createdAt < :at or (createdAt = :at and id < :id))";
            params.and("at", cursor.createdAt).and("id", cursor.id);
        }
        return find(query + " order by createdAt desc, id desc", params).range(0, limit - 1).list();
    }
}
