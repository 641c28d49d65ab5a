package io.spindle.gateway.messaging;

import io.smallrye.mutiny.Uni;
import io.spindle.gateway.config.ConsumerRetryConfig;
import io.spindle.servicekit.persistence.DatabaseFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How the gateway's consumers ({@code task-reports}, {@code run-requests}, the webhooks' {@code task-events}) apply
 * a record: while the database is away, tried again with backoff for as long as it takes (a record is never
 * dead-lettered for an outage); a failure that may pass otherwise, a few times ({@code spindle.consumers.*}).
 */
@ApplicationScoped
public class ConsumerRetries {

    /** The longest wait between two tries while the database is away. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final ConsumerRetryConfig retry;

    public ConsumerRetries(ConsumerRetryConfig retry) {
        this.retry = retry;
    }

    /**
     * @param mayPass which other failures are worth trying again
     * @param waiting told of each failure while the database is away
     */
    public <T> Uni<T> apply(Supplier<Uni<? extends T>> work, Predicate<Throwable> mayPass, Consumer<Throwable> waiting) {
        return Uni.createFrom().deferred(work)
                .onFailure(DatabaseFailures::isTransient).invoke(waiting)
                .onFailure(DatabaseFailures::isTransient).retry().withBackOff(retry.backoff(), MAX_BACKOFF)
                .indefinitely()
                .onFailure(mayPass).retry().withBackOff(retry.backoff(), retry.backoff().multipliedBy(8))
                .atMost(retry.retries());
    }
}
