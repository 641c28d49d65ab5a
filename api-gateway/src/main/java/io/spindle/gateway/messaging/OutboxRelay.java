package io.spindle.gateway.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.spindle.gateway.repository.OutboxRecord;
import io.spindle.gateway.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox: records written in the same transaction as the state they announce, so a command or
 * an event is never lost nor sent for a change that was not stored. Runs right after each change that wrote
 * records, and every {@code spindle.outbox.interval} for what a crash or an unavailable broker left behind.
 *
 * <p>One relay at a time, across all gateway replicas (a transaction-scoped advisory lock), sends the records
 * in the order they were written, until none is left; so one run's events reach {@code task-events} in order.
 * A record is deleted once Kafka acknowledged it and may be sent twice (at-least-once): events keep their
 * CloudEvents id, and consumers tolerate duplicates.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final int BATCH = 100;

    private final MutinyEmitter<byte[]> emitter;
    private final OutboxRepository outbox;
    /** Records written and not yet acknowledged by Kafka, as of the last scheduled run. */
    private final AtomicLong pending = new AtomicLong();

    public OutboxRelay(@Channel("pipeline-commands") MutinyEmitter<byte[]> emitter, OutboxRepository outbox,
            MeterRegistry metrics) {
        this.emitter = emitter;
        this.outbox = outbox;
        Gauge.builder("spindle.outbox.pending", pending, AtomicLong::get)
                .description("Commands and events stored and not yet published to Kafka (a backlog while Kafka"
                        + " is away)")
                .register(metrics);
    }

    // the first run waits an interval: at start-up, the emitter's channel is connected only after the scheduler
    @Scheduled(every = "${spindle.outbox.interval}", delayed = "${spindle.outbox.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return publishPending().onFailure().invoke(e -> LOG.warnf("outbox not published yet: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .call(() -> Panache.withSession(outbox::count).invoke(pending::set)
                        .onFailure().recoverWithNull()); // the database away: the gauge keeps its last value
    }

    /** Sends what is pending, oldest first; does nothing when another relay is at it (it will send it). */
    public Uni<Void> publishPending() {
        return Panache.withTransaction(() -> outbox.tryLockRelay().flatMap(locked -> !locked
                ? Uni.createFrom().item(0)
                : outbox.lockPending(BATCH).flatMap(records -> Multi.createFrom().iterable(records)
                        .onItem().transformToUniAndConcatenate(record -> send(record).call(() -> outbox.delete(record)))
                        .collect().asList().map(sent -> sent.size()))))
                .flatMap(sent -> sent == BATCH ? publishPending() : Uni.createFrom().voidItem());
    }

    private Uni<Void> send(OutboxRecord record) {
        Message<byte[]> message = Message.of(record.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic).withKey(record.recordKey).build());
        if (record.eventType != null) {
            message = message.addMetadata(OutgoingCloudEventMetadata.builder()
                    .withId(record.eventId)
                    .withType(record.eventType)
                    .withSource(URI.create(record.eventSource))
                    .withSubject(record.eventSubject)
                    .withTimestamp(record.createdAt.atZone(ZoneOffset.UTC))
                    .withDataContentType("application/json")
                    .build());
        }
        return emitter.sendMessage(message);
    }
}
