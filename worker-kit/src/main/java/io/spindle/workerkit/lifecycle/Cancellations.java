package io.spindle.workerkit.lifecycle;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.spindle.contract.IdKind;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCancellation;
import io.spindle.workerkit.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * What this worker instance knows of cancelled tasks, from the {@code task-cancellations} broadcast: each instance
 * reads the whole topic (a consumer group of its own, from the earliest record retained; see the channel in
 * worker-kit's {@code microprofile-config.properties}). A cancellation stops the task's delivery if it runs here
 * (its handler is interrupted: FFmpeg is killed, a transfer aborted, and the task's end aborts an unfinished
 * multipart upload), and a command for a cancelled task that arrives later is skipped. Ids are forgotten after
 * {@code spindle.worker.cancellations-kept-for} (the topic's retention).
 */
@ApplicationScoped
public class Cancellations {

    private static final Logger LOG = Logger.getLogger(Cancellations.class);

    private final Drain drain;
    private final WorkerConfig config;
    /** How often ids past {@code cancellations-kept-for} are forgotten. */
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    /** Task id → when its cancellation was requested. */
    private final Map<String, Instant> cancelled = new ConcurrentHashMap<>();
    private volatile Instant prunedAt = Instant.EPOCH;

    public Cancellations(Drain drain, WorkerConfig config) {
        this.drain = drain;
        this.config = config;
    }

    /** Whether the task was cancelled. */
    public boolean isCancelled(String taskId) {
        return cancelled.containsKey(taskId);
    }

    /** A record of {@code task-cancellations}; one that is not a cancellation is logged and skipped. */
    @Incoming("task-cancellations")
    @Blocking
    void onRecord(byte[] record) {
        TaskCancellation cancellation;
        try {
            cancellation = PipelineJson.read(record, TaskCancellation.class);
        } catch (PipelineJson.MalformedRecordException e) {
            LOG.warnf("a task-cancellations record that is not a cancellation was skipped: %s", e.getMessage());
            return;
        }
        apply(cancellation);
    }

    void apply(TaskCancellation cancellation) {
        Instant at = cancellation.requestedAt() == null ? Instant.now() : cancellation.requestedAt();
        Instant horizon = Instant.now().minus(config.cancellationsKeptFor());
        if (at.isBefore(horizon)) {
            return;
        }
        for (String taskId : cancellation.taskIds()) {
            if (!IdKind.TASK.matches(taskId)) {
                LOG.warnf("cancellation of run %s: '%s' is not a task id; skipped", cancellation.runId(), taskId);
                continue;
            }
            cancelled.put(taskId, at);
            if (drain.cancel(taskId) > 0) {
                LOG.infof("task %s of run %s cancelled: stopping it", taskId, cancellation.runId());
            }
        }
        if (prunedAt.plus(PRUNE_EVERY).isBefore(Instant.now())) { // not per record: an instance reads days of them
            prunedAt = Instant.now();
            cancelled.values().removeIf(when -> when.isBefore(horizon));
        }
    }
}
