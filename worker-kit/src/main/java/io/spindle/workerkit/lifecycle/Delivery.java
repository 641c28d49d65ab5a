package io.spindle.workerkit.lifecycle;

/**
 * One delivery of a command that this instance is working on. On shutdown, {@link Drain} first asks it to hand
 * the task back ({@link #handBack()}: the work is stopped, the task is reported {@code queued} and its record
 * left uncommitted for the next owner), and if even that cannot finish (Kafka unreachable), to give up waiting
 * ({@link #abandon()}).
 */
public final class Delivery {

    private final String taskId;
    private final Thread thread;
    private volatile boolean working;
    private volatile boolean handingBack;
    private volatile boolean abandoned;
    private volatile boolean cancelled;

    Delivery(String taskId, Thread thread) {
        this.taskId = taskId;
        this.thread = thread;
    }

    public String taskId() {
        return taskId;
    }

    /** Whether the task is being handed back: stop working on it. */
    public boolean handingBack() {
        return handingBack;
    }

    /** Whether to stop waiting for anything (a report to be accepted, another instance's claim to end). */
    public boolean abandoned() {
        return abandoned;
    }

    /** Stops the handler's work: interrupting it ends a child process or a backoff at once. */
    void handBack() {
        handingBack = true;
        stopWork();
    }

    /** Whether the task was cancelled on request: stop working on it, and neither report nor dispatch its result. */
    public boolean cancelled() {
        return cancelled;
    }

    /** Stops the handler's work for good: the task was cancelled. */
    void cancel() {
        cancelled = true;
        stopWork();
    }

    private synchronized void stopWork() {
        if (working) {
            thread.interrupt();
        }
    }

    void abandon() {
        abandoned = true;
        handBack();
    }

    /** Marks the span in which a hand-back interrupts the thread (the handler's work, not the reporting). */
    synchronized void working(boolean now) {
        working = now;
        if (now && cancelled) {
            thread.interrupt(); // cancelled just before the work started
        }
        if (!now) {
            Thread.interrupted(); // an interrupt meant for the work must not reach the reporting
        }
    }
}
