package io.spindle.workerkit.attempts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.spindle.workerkit.attempts.Attempt.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the workers know of a task's deliveries, kept in work storage beside the task's files. Kafka redelivers
 * a command whose worker died without committing it, but says nothing of how often it did: this ledger does, so
 * that a command that kills its worker every time is not redelivered for ever, a finished task is not done
 * again, and a delivery that finds another instance still at work waits instead of doing the work twice.
 *
 * <p>Immutable; each change returns the new ledger, which {@link LedgerStore} writes.
 *
 * @param finished how the task ended, once it has (also when it failed without an attempt of its own, as
 *                 {@code worker_crashed} does)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AttemptLedger(String taskId, List<Attempt> attempts, Outcome finished) {

    public AttemptLedger {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    public static AttemptLedger empty(String taskId) {
        return new AttemptLedger(taskId, List.of(), null);
    }

    /** What a new delivery of the task should do, {@code now}. */
    public Claim claim(Instant now, Duration lease, int maxCrashed) {
        if (finished != null) {
            return new Claim.Finished(finished);
        }
        for (Attempt attempt : attempts) {
            if (attempt.isHeld(now, lease)) {
                return new Claim.Held(attempt);
            }
        }
        List<Attempt> crashed = crashed(now, lease);
        if (crashed.size() >= maxCrashed) {
            return new Claim.GiveUp(crashed);
        }
        return new Claim.Start(attempts.size() + 1);
    }

    /** Attempts whose worker died: never ended, heartbeat older than the lease. */
    public List<Attempt> crashed(Instant now, Duration lease) {
        return attempts.stream().filter(a -> a.isOpen() && !a.isHeld(now, lease)).toList();
    }

    public AttemptLedger started(int number, String worker, Instant now) {
        List<Attempt> next = new ArrayList<>(attempts);
        next.add(new Attempt(number, worker, now, now, null));
        return new AttemptLedger(taskId, next, finished);
    }

    public AttemptLedger beat(int number, Instant now) {
        return replace(number, a -> a.beat(now), finished);
    }

    public AttemptLedger ended(int number, Outcome outcome, Instant now) {
        return replace(number, a -> a.end(outcome, now), outcome.endsTask() ? outcome : finished);
    }

    /** The task failed because its workers kept dying ({@code worker_crashed}). */
    public AttemptLedger gaveUp() {
        return new AttemptLedger(taskId, attempts, Outcome.FAILED);
    }

    private AttemptLedger replace(int number, java.util.function.UnaryOperator<Attempt> change, Outcome done) {
        return new AttemptLedger(taskId, attempts.stream().map(a -> a.number() == number ? change.apply(a) : a)
                .toList(), done);
    }

    /** What a delivery does about the ledger it found. */
    public sealed interface Claim {
        /** The task ended already (its reports and children were published): nothing to do. */
        record Finished(Outcome outcome) implements Claim {
        }

        /** Another delivery (here or on another instance) is at work on it: wait for it. */
        record Held(Attempt by) implements Claim {
        }

        /** Too many attempts ended with their worker dead: the task fails with {@code worker_crashed}. */
        record GiveUp(List<Attempt> crashed) implements Claim {
        }

        /** Start attempt {@code number}. */
        record Start(int number) implements Claim {
        }
    }
}
