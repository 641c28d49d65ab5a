package io.spindle.gateway.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.spindle.gateway.repository.OutboxRecord;
import io.spindle.gateway.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox: records written in the same transaction as the state they announce, so a command is
 * never lost nor sent for a plan that was not stored. Runs right after each request that wrote records, and
 * every {@code spindle.outbox.interval} for what a crash or an unavailable broker left behind. Records are
 * sent in order and deleted once Kafka acknowledged them; a record may be sent twice (at-least-once), which
 * consumers tolerate.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final int BATCH = 100;

    private final MutinyEmitter<byte[]> emitter;
    private final OutboxRepository outbox;

    public OutboxRelay(@Channel("pipeline-commands") MutinyEmitter<byte[]> emitter, OutboxRepository outbox) {
        this.emitter = emitter;
        this.outbox = outbox;
    }

    @Scheduled(every = "${spindle.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return publishPending().onFailure().invoke(e -> LOG.warnf("outbox not published yet: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Sends what is pending, oldest first. */
    public Uni<Void> publishPending() {
        return Panache.withTransaction(() -> outbox.lockPending(BATCH)
                .flatMap(records -> Multi.createFrom().iterable(records)
                        .onItem().transformToUniAndConcatenate(record -> send(record).call(() -> outbox.delete(record)))
                        .collect().asList()))
                .replaceWithVoid();
    }

    private Uni<Void> send(OutboxRecord record) {
        return emitter.sendMessage(Message.of(record.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic).withKey(record.recordKey).build()));
    }
}
