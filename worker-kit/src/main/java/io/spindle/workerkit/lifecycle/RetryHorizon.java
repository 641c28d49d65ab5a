package io.spindle.workerkit.lifecycle;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Tries a task's work again after a retryable {@link TaskFailure}, with capped exponential backoff and jitter,
 * until the failures have lasted {@code horizon}. The horizon counts from the first failure since the work last
 * made progress: a long upload that meets an outage in its twentieth minute gets the same grace as one that
 * meets it at once, and a try that moved the work on (a resumed upload that stored parts) starts the count anew.
 * A fault-tolerance retry's maximum duration counts from the first call instead, which is why this is not one.
 */
final class RetryHorizon {

    private static final Logger LOG = Logger.getLogger(RetryHorizon.class);
    /** The longest wait between two tries (or half the horizon, when that is shorter). */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final Duration horizon;
    private final Duration firstWait;
    private final Duration maxWait;

    RetryHorizon(Duration horizon, Duration firstWait) {
        this.horizon = horizon;
        this.firstWait = firstWait;
        this.maxWait = min(MAX_WAIT, horizon.dividedBy(2));
    }

    /**
     * {@code work}'s result, or its last failure once retryable failures have lasted the horizon.
     *
     * @param progress how far the work has come (a percentage), to tell a try that moved it on
     * @throws InterruptedException when interrupted while waiting for the next try (a hand-back)
     */
    <T> T call(Callable<T> work, IntSupplier progress) throws Exception {
        long failingSince = 0;
        int progressAtFailure = -1;
        Duration wait = firstWait;
        while (true) {
            try {
                return work.call();
            } catch (TaskFailure failure) {
                if (!failure.isRetryable() || Thread.currentThread().isInterrupted()) {
                    throw failure; // an interrupt (a hand-back, a cancellation) is not a failure to try again
                }
                long now = System.nanoTime();
                int reached = progress.getAsInt();
                if (progressAtFailure < 0 || reached > progressAtFailure) {
                    failingSince = now; // the first failure, or the first since the work moved on
                    wait = firstWait;
                }
                progressAtFailure = reached;
                Duration failing = Duration.ofNanos(now - failingSince);
                if (failing.compareTo(horizon) >= 0) {
                    throw failure;
                }
                long jitter = ThreadLocalRandom.current().nextLong(wait.toMillis() / 4 + 1);
                Duration pause = min(wait.plusMillis(jitter), horizon.minus(failing));
                LOG.warnf("%s; trying again in %d ms", failure.getMessage(), pause.toMillis());
                Thread.sleep(pause.toMillis());
                wait = min(wait.multipliedBy(2), maxWait);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
