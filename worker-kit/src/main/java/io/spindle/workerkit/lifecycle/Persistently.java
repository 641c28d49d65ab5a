package io.spindle.workerkit.lifecycle;

import io.smallrye.faulttolerance.api.Guard;
import java.time.temporal.ChronoUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Does what must not be lost (publish a report or a child's command, write an attempt ledger) until it works:
 * a dependency that is briefly away (Kafka, work storage) delays the task, it does not fail it and it does not
 * send a valid command to a dead-letter topic. The only way out is the worker stopping ({@link Stopped}).
 */
final class Persistently {

    private static final Logger LOG = Logger.getLogger(Persistently.class);

    private static final Guard UNTIL_DONE = Guard.create()
            .withDescription("until done")
            .withRetry()
            .maxRetries(-1)
            .maxDuration(0, ChronoUnit.MILLIS)
            .delay(500, ChronoUnit.MILLIS)
            .withExponentialBackoff().factor(2).maxDelay(5, ChronoUnit.SECONDS).done()
            .jitter(200, ChronoUnit.MILLIS)
            .abortOn(Stopped.class)
            .beforeRetry(e -> LOG.warnf("%s; trying again", e.getMessage()))
            .done()
            .build();

    private Persistently() {
    }

    /** Runs {@code work} until it completes, or throws {@link Stopped} once {@code stop} says so. */
    static void run(String what, String taskId, BooleanSupplier stop, Runnable work) {
        get(what, taskId, stop, () -> {
            work.run();
            return Boolean.TRUE;
        });
    }

    /** Gets what {@code work} returns, trying until it does, or throws {@link Stopped} once {@code stop} says so. */
    @SuppressWarnings("unchecked")
    static <T> T get(String what, String taskId, BooleanSupplier stop, Supplier<T> work) {
        try {
            return (T) UNTIL_DONE.get(() -> {
                if (stop.getAsBoolean()) {
                    throw new Stopped(taskId);
                }
                try {
                    return (Object) work.get();
                } catch (RuntimeException e) {
                    String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                    throw new IllegalStateException("task " + taskId + ": " + what + " failed: " + why, e);
                }
            }, Object.class); // synchronous: the work returns a value, not a stage
        } catch (Stopped e) {
            throw e;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || TaskLifecycle.interrupted(e)) { // between tries
                throw new Stopped(taskId);
            }
            throw e; // not a dependency being away: a bug (the guard retries every failure of the work)
        }
    }

}
