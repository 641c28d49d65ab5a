package io.spindle.workerkit.attempts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One delivery of a task's command that started work.
 *
 * @param heartbeatAt renewed while the attempt runs; an open attempt whose heartbeat is older than the lease
 *                    belongs to a worker that died
 * @param outcome     null while the attempt runs (or after its worker died)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Attempt(int number, String worker, Instant startedAt, Instant heartbeatAt, Outcome outcome) {

    /** How an attempt ended. */
    public enum Outcome {
        SUCCEEDED, FAILED, HANDED_BACK, CANCELLED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Outcome fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        /** Whether the task itself ended with this attempt. */
        public boolean endsTask() {
            return this != HANDED_BACK;
        }
    }

    public boolean isOpen() {
        return outcome == null;
    }

    /** Whether a worker still holds this attempt: it is open and its heartbeat is younger than the lease. */
    public boolean isHeld(Instant now, Duration lease) {
        return isOpen() && heartbeatAt.plus(lease).isAfter(now);
    }

    Attempt beat(Instant now) {
        return new Attempt(number, worker, startedAt, now, outcome);
    }

    Attempt end(Outcome how, Instant now) {
        return new Attempt(number, worker, startedAt, now, how);
    }
}
