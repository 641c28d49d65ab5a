package io.spindle.gateway.webhooks;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class WebhookAttemptRepository implements PanacheRepositoryBase<WebhookAttempt, Long> {

    /** The attempts at these deliveries, in order. */
    public Uni<List<WebhookAttempt>> ofDeliveries(Collection<String> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("deliveryId in :ids order by deliveryId, number", Parameters.with("ids", deliveryIds));
    }
}
