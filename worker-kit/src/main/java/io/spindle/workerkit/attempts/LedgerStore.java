package io.spindle.workerkit.attempts;

import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.workerkit.attempts.Attempt.Outcome;
import io.spindle.workerkit.config.WorkerConfig;
import io.spindle.workerkit.storage.WorkStorage;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reads and writes attempt ledgers in work storage ({@code {project}/{run}/{task}/_attempts.json}, expiring
 * with the task's other work objects), and keeps the heartbeat of the attempts this instance holds.
 *
 * <p>Only the instance that owns the task's partition writes its ledger, apart from the short overlap of a
 * rebalance, where the claim's lease keeps two instances from working at once.
 */
@ApplicationScoped
public class LedgerStore {

    static final String FILE = "_attempts.json";
    private static final Logger LOG = Logger.getLogger(LedgerStore.class);

    private final WorkStorage work;
    private final WorkerConfig config;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "attempt-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public LedgerStore(WorkStorage work, WorkerConfig config) {
        this.work = work;
        this.config = config;
    }

    public AttemptLedger read(TaskCommand command) {
        return work.readSmall(location(command))
                .map(json -> PipelineJson.read(json, AttemptLedger.class))
                .orElseGet(() -> AttemptLedger.empty(command.taskId()));
    }

    public void write(TaskCommand command, AttemptLedger ledger) {
        work.putSmall(location(command), PipelineJson.write(ledger), "application/json");
    }

    /** Records attempt {@code number} as started by this instance and keeps its heartbeat until it ends. */
    public Held start(TaskCommand command, AttemptLedger ledger, int number) {
        Held held = new Held(command, ledger.started(number, config.instance(), Instant.now()), number);
        write(command, held.ledger);
        long every = Math.max(1, config.lease().toMillis() / 3);
        held.heartbeat = heartbeats.scheduleWithFixedDelay(held::beat, every, every, TimeUnit.MILLISECONDS);
        return held;
    }

    private S3Url location(TaskCommand command) {
        return work.location(command, FILE);
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
    }

    /** An attempt this instance holds: its heartbeat runs until {@link #end} or {@link #release}. */
    public final class Held {
        private final TaskCommand command;
        private final int number;
        private AttemptLedger ledger;
        private volatile ScheduledFuture<?> heartbeat;

        private Held(TaskCommand command, AttemptLedger ledger, int number) {
            this.command = command;
            this.ledger = ledger;
            this.number = number;
        }

        public int number() {
            return number;
        }

        private synchronized void beat() {
            if (heartbeat == null || heartbeat.isCancelled()) {
                return;
            }
            try {
                ledger = ledger.beat(number, Instant.now());
                write(command, ledger);
            } catch (RuntimeException e) {
                // the next beat tries again; a long storage outage lets another instance take the task over
                LOG.warnf("task %s: attempt %d: heartbeat not written: %s", command.taskId(), number, e.getMessage());
            }
        }

        /** Records how the attempt ended and stops its heartbeat. */
        public synchronized void end(Outcome outcome) {
            release();
            ledger = ledger.ended(number, outcome, Instant.now());
            write(command, ledger);
        }

        /** Stops the heartbeat without recording an end (the attempt's claim then runs out with its lease). */
        public synchronized void release() {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
        }
    }
}
