package io.spindle.workerkit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the task lifecycle behaves; the same keys for every worker. */
@ConfigMapping(prefix = "spindle.worker")
public interface WorkerConfig {

    /**
     * This instance's name in reports, logs, attempt ledgers and its Kafka consumer's {@code client.id}
     * (on Kubernetes, the pod name). Each worker's {@code application.properties} sets it from
     * {@code SPINDLE_INSTANCE} or {@code HOSTNAME}.
     */
    String instance();

    /**
     * Deliveries of a task that may end without a word (the worker died: OOM kill, node loss, a crashing
     * decoder) before the task fails with {@code worker_crashed}. Hand-backs on shutdown do not count.
     */
    @WithDefault("3")
    int maxAttempts();

    /**
     * Within one attempt, how long a retryable failure (storage, the network or connection-service unreachable)
     * is tried again before the task fails; a dependency that is back within it costs a delay, not the task.
     * It counts from the first failure since the task last made progress, however long the task ran before.
     */
    @WithDefault("10m")
    Duration retryHorizon();

    /** Wait before the first retry within an attempt; doubled before each further one, up to 30 s. */
    @WithDefault("2s")
    Duration retryBackoff();

    /** At most one progress event per this interval, per task. */
    @WithDefault("1s")
    Duration progressInterval();

    /**
     * On SIGTERM, how long running tasks may take to finish before they are stopped and handed back (keep it
     * below the pod's {@code terminationGracePeriodSeconds}, 30 s by default).
     */
    @WithDefault("25s")
    Duration drainTimeout();

    /**
     * How long an attempt's claim in the task's attempt ledger holds without a heartbeat (renewed every third of
     * it). A delivery that finds another instance's fresh claim waits for it instead of doing the work twice;
     * a claim older than this belongs to a worker that died.
     */
    @WithDefault("15s")
    Duration lease();

    /**
     * Where workers write files between steps (default: the JVM's temp directory). Each instance works in a
     * folder of its own below it and, when it starts, removes the folders of instances that are gone.
     */
    Optional<String> scratchDir();

    /**
     * How long a cancelled task's id is remembered, so that a command for it that comes later is skipped (the
     * retention of {@code task-cancellations}, which each instance reads whole when it starts).
     */
    @WithDefault("7d")
    Duration cancellationsKeptFor();
}
