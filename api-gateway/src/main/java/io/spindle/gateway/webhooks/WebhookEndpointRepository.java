package io.spindle.gateway.webhooks;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class WebhookEndpointRepository implements PanacheRepositoryBase<WebhookEndpoint, String> {

    /** The unique index that keeps one endpoint per (project, Idempotency-Key). */
    static final String REQUEST_INDEX = "webhook_endpoints_request";

    public Uni<WebhookEndpoint> findInProject(String projectId, String id) {
        return find("id = :id and projectId = :project", Parameters.with("id", id).and("project", projectId))
                .firstResult();
    }

    public Uni<WebhookEndpoint> findByRequest(String projectId, String requestId) {
        return find("projectId = :project and requestId = :request",
                Parameters.with("project", projectId).and("request", requestId)).firstResult();
    }

    /** The project's enabled endpoints (few per project: the consumer filters them by topic). */
    public Uni<List<WebhookEndpoint>> enabledOf(String projectId) {
        return list("projectId = :project and enabled = true", Parameters.with("project", projectId));
    }

    /** Up to {@code limit} endpoints of the project, newest first, after {@code cursor}. */
    public Uni<List<WebhookEndpoint>> page(String projectId, WebhookEndpoint cursor, int limit) {
        Parameters params = Parameters.with("project", projectId);
        String query = "projectId = :project";
        if (cursor != null) {
            query += " and (createdAt < :at or (createdAt = :at and id < :id))";
            params.and("at", cursor.createdAt).and("id", cursor.id);
        }
        return find(query + " order by createdAt desc, id desc", params).range(0, limit - 1).list();
    }
}
