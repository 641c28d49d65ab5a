package io.spindle.workerkit.lifecycle;

/**
 * A task cannot be completed. {@code kind} and {@code message} are what the user sees; a retryable failure
 * (network, 5xx, throttling) is tried again with backoff before the task fails.
 */
public class TaskFailure extends RuntimeException {

    private final String kind;
    private final boolean retryable;

    public TaskFailure(String kind, String message, boolean retryable) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryable = retryable;
    }

    public TaskFailure(String kind, String message, boolean retryable, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.retryable = retryable;
    }

    public static TaskFailure permanent(String kind, String message) {
        return new TaskFailure(kind, message, false);
    }

    public static TaskFailure retryable(String kind, String message) {
        return new TaskFailure(kind, message, true);
    }

    /** The TaskFailure in {@code error}'s cause chain (a source stream's own reason), or null. */
    public static TaskFailure findIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TaskFailure failure) {
                return failure;
            }
        }
        return null;
    }

    public String kind() {
        return kind;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
