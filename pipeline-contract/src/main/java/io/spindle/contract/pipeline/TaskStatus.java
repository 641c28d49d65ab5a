package io.spindle.contract.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * A task's status, as ittybit names them. A task moves forward only: {@code waiting → queued → processing →}
 * one of the terminal {@code succeeded}, {@code failed}, {@code cancelled}. {@link #rank()} orders them so that
 * a consumer can ignore stale or duplicate events.
 */
public enum TaskStatus {
    WAITING(0), QUEUED(1), PROCESSING(2), SUCCEEDED(3), FAILED(3), CANCELLED(3);

    private final int rank;

    TaskStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public boolean isTerminal() {
        return rank == 3;
    }

    /** Whether an event moving a task from this status to {@code next} should be applied. */
    public boolean canMoveTo(TaskStatus next) {
        return !isTerminal() && next.rank >= rank;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TaskStatus fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst().orElse(null);
    }
}
