package io.spindle.gateway.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.spindle.gateway.repository.OutboxRecord;
import io.spindle.gateway.repository.OutboxRepository;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox: records written in the same transaction as the state they announce, so a command or
 * an event is never lost nor sent for a change that was not stored. {@link #nudge()} after each change that wrote
 * records starts a publication in the background (the request or record that wrote them does not wait for it), and
 * every {@code spindle.outbox.interval} one runs anyway for what a crash or an unavailable broker left behind.
 *
 * <p>One relay at a time, across all gateway replicas (a transaction-scoped advisory lock), takes up to
 * {@link #BATCH} records in the order they were written, hands them all to the Kafka producer at once (idempotent,
 * so it keeps their order per partition), waits for the acknowledgements and deletes them in one statement; then the
 * next batch, until none is left. So one run's events reach {@code task-events} in order, and nudges that arrive
 * while a publication runs are served by one more pass, not one each: under load, a pass carries many requests'
 * records. A record is deleted once Kafka acknowledged it and may be sent twice (at-least-once): events keep their
 * CloudEvents id, and consumers tolerate duplicates.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final int BATCH = 250;
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int RUNNING_AND_NUDGED = 2;

    private final MutinyEmitter<byte[]> emitter;
    private final OutboxRepository outbox;
    private final Vertx vertx;
    /** Records written and not yet acknowledged by Kafka, as of the last scheduled run. */
    private final AtomicLong pending = new AtomicLong();
    private final AtomicInteger state = new AtomicInteger(IDLE);

    public OutboxRelay(@Channel("pipeline-commands") MutinyEmitter<byte[]> emitter, OutboxRepository outbox,
            Vertx vertx, MeterRegistry metrics) {
        this.emitter = emitter;
        this.outbox = outbox;
        this.vertx = vertx;
        Gauge.builder("spindle.outbox.pending", pending, AtomicLong::get)
                .description("Commands and events stored and not yet published to Kafka (a backlog while Kafka"
                        + " is away)")
                .register(metrics);
    }

    // the first run waits an interval: at start-up, the emitter's channel is connected only after the scheduler
    @Scheduled(every = "${spindle.outbox.interval}", delayed = "${spindle.outbox.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        nudge();
        return Panache.withSession(outbox::count).invoke(pending::set)
                .onFailure().recoverWithNull() // the database away: the gauge keeps its last value
                .replaceWithVoid();
    }

    /**
     * Publishes what is pending, soon and in the background: starts a publication, or, when one is running, has it
     * make one more pass once it is done (for what was committed after it read the outbox). Never waits, never fails.
     */
    public void nudge() {
        if (state.getAndUpdate(s -> s == IDLE ? RUNNING : RUNNING_AND_NUDGED) == IDLE) {
            // a context of its own: the caller's Hibernate session (if any) is never shared with the relay's
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> pass());
        }
    }

    private void pass() {
        publishPending().subscribe().with(done -> passed(), e -> {
            LOG.warnf("outbox not published yet: %s", e.getMessage()); // the scheduled run tries again
            passed();
        });
    }

    private void passed() {
        if (!state.compareAndSet(RUNNING, IDLE)) {
            state.set(RUNNING); // nudged meanwhile: what was committed since this pass read the outbox
            pass();
        }
    }

    /** Sends what is pending, oldest first; does nothing when another relay is at it (it will send it). */
    private Uni<Void> publishPending() {
        return Panache.withTransaction(() -> outbox.tryLockRelay().flatMap(locked -> !locked
                ? Uni.createFrom().item(0)
                : outbox.lockPending(BATCH).flatMap(records -> records.isEmpty() ? Uni.createFrom().item(0)
                        : Uni.join().all(records.stream().map(this::send).toList()).andFailFast()
                                .chain(() -> outbox.deleteAll(records.stream().map(r -> r.id).toList()))
                                .replaceWith(records.size()))))
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
