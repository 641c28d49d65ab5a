package io.spindle.gateway.webhooks;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.gateway.messaging.ConsumerRetries;
import io.spindle.gateway.events.EventView;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Turns each CloudEvent on {@code task-events} into one pending delivery per enabled endpoint of its project that
 * subscribed to its type. The consumer group ({@code spindle-webhooks}) shares the partitions among the gateway
 * replicas; a record read twice makes no second delivery (unique per endpoint and event). The body is the event
 * object of {@code GET /events/{id}}, built from the record: the same id, kind, data and time.
 *
 * <p>A record that is not a Spindle CloudEvent goes to {@code task-events-dlq}; while the database is away the
 * record waits, however long.
 */
@ApplicationScoped
public class WebhookEventConsumer {

    private static final Logger LOG = Logger.getLogger(WebhookEventConsumer.class);
    private static final String PROJECT_SOURCE = "/projects/";

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookEndpoints service;
    private final ConsumerRetries retries;
    private final ObjectMapper json;

    public WebhookEventConsumer(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries,
            WebhookEndpoints service, ConsumerRetries retries, ObjectMapper json) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.service = service;
        this.retries = retries;
        this.json = json;
    }

    @Incoming("webhook-events")
    public Uni<Void> consume(Message<byte[]> record) {
        IncomingCloudEventMetadata<?> event = record.getMetadata(IncomingCloudEventMetadata.class).orElse(null);
        if (event == null || !IdKind.EVENT.matches(event.getId()) || event.getType() == null
                || event.getSource() == null) {
            return nack(record, "not a Spindle event: a CloudEvent with an evt_ id, a type and a source is expected");
        }
        String source = event.getSource().toString();
        if (!source.startsWith(PROJECT_SOURCE)) {
            return nack(record, "source '" + source + "' is not /projects/{id}");
        }
        String projectId = source.substring(PROJECT_SOURCE.length());
        if (!IdKind.PROJECT.matches(projectId)) { // run.rejected for no known project: nobody to deliver to
            return Uni.createFrom().completionStage(record.ack());
        }
        Instant at = event.getTimeStamp().map(t -> t.toInstant().truncatedTo(ChronoUnit.MILLIS)).orElse(Instant.now());
        return retries.apply(() -> fanOut(projectId, event.getId(), event.getType(), at, record.getPayload()),
                        e -> !(e instanceof PipelineJson.MalformedRecordException),
                        e -> LOG.warnf("event %s waits for the database: %s", event.getId(), e.getMessage()))
                .onItemOrFailure().transformToUni((made, failure) -> failure == null
                        ? Uni.createFrom().completionStage(record.ack())
                        : Uni.createFrom().completionStage(record.nack(failure)));
    }

    /**
     * One delivery per endpoint that wants the event and existed when it happened (an endpoint gets no events from
     * before it was made, however late they are read); returns how many were made now.
     */
    Uni<Integer> fanOut(String projectId, String eventId, String type, Instant at, byte[] data) {
        Instant now = WebhookEndpoints.now();
        return Panache.withTransaction(() -> endpoints.enabledOf(projectId).flatMap(all -> {
            List<WebhookEndpoint> wanting = all.stream().filter(e -> service.wants(e, type)
                    && !e.createdAt.isAfter(at)).toList();
            if (wanting.isEmpty()) { // most events of most projects: no body to build
                return Uni.createFrom().item(0);
            }
            byte[] body = body(eventId, type, at, data);
            return Multi.createFrom().iterable(wanting).onItem().transformToUniAndConcatenate(e -> {
                    WebhookDelivery d = new WebhookDelivery();
                    d.id = Ids.newId(IdKind.WEBHOOK_DELIVERY);
                    d.endpointId = e.id;
                    d.eventId = eventId;
                    d.eventKind = type;
                    d.body = body;
                    d.status = WebhookDelivery.PENDING;
                    d.nextAttemptAt = now;
                    d.createdAt = now;
                    return deliveries.insertOnce(d);
                }).collect().asList().map(made -> (int) made.stream().filter(Boolean::booleanValue).count());
        }));
    }

    /** The event object of {@code GET /events/{id}}, with the record's value (which must be JSON) as its data. */
    private byte[] body(String eventId, String type, Instant at, byte[] data) {
        try {
            json.readTree(data);
            return json.writeValueAsBytes(new EventView(eventId, "event", type, new String(data,
                    StandardCharsets.UTF_8), at));
        } catch (java.io.IOException e) {
            throw new PipelineJson.MalformedRecordException("event " + eventId + ": its data is not JSON ("
                    + e.getMessage() + ")");
        }
    }

    private static Uni<Void> nack(Message<byte[]> record, String reason) {
        CompletionStage<Void> nacked = record.nack(new PipelineJson.MalformedRecordException(reason));
        return Uni.createFrom().completionStage(nacked);
    }
}
