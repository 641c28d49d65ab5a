package io.spindle.workerkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryHorizonTest {

    static final Duration HORIZON = Duration.ofMillis(400);
    final RetryHorizon retries = new RetryHorizon(HORIZON, Duration.ofMillis(20));

    @Test
    void aFailureThatLastsTheHorizonEndsTheTries() {
        AtomicInteger tries = new AtomicInteger();
        long started = System.nanoTime();
        assertThatThrownBy(() -> retries.call(() -> {
            tries.incrementAndGet();
            throw TaskFailure.retryable("unreachable", "nothing answers");
        }, () -> 0)).isInstanceOf(TaskFailure.class).hasMessage("nothing answers");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isBetween(HORIZON, HORIZON.plusMillis(300));
        assertThat(tries.get()).as("20, 40, 80, 160 ms waits, then the rest of the horizon").isBetween(4, 7);
    }

    @Test
    void aFailureOfAnInterruptedTryIsNotTriedAgain() {
        AtomicInteger tries = new AtomicInteger();
        try {
            assertThatThrownBy(() -> retries.call(() -> {
                tries.incrementAndGet();
                Thread.currentThread().interrupt(); // a hand-back or a cancellation stopped the transfer
                throw TaskFailure.retryable("unreachable", "interrupted mid-transfer");
            }, () -> 0)).isInstanceOf(TaskFailure.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(tries.get()).isEqualTo(1);
    }

    @Test
    void aTryThatMovedTheWorkOnStartsTheCountAnew() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        AtomicInteger progress = new AtomicInteger();
        long started = System.nanoTime();
        // each try stores a bit more, then fails after 150 ms: together far longer than the horizon
        String result = retries.call(() -> {
            if (tries.incrementAndGet() == 6) {
                return "done";
            }
            Thread.sleep(150);
            progress.addAndGet(10);
            throw TaskFailure.retryable("unreachable", "connection reset");
        }, progress::get);
        assertThat(result).isEqualTo("done");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(HORIZON.multipliedBy(2));
    }

    @Test
    void aPermanentFailureIsNotTriedAgain() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> retries.call(() -> {
            tries.incrementAndGet();
            throw TaskFailure.permanent("wrong_secret", "check the secret");
        }, () -> 0)).hasMessage("check the secret");
        assertThat(tries.get()).isEqualTo(1);
    }
}
