package io.spindle.workerkit.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.spindle.workerkit.config.WorkerConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Graceful drain on SIGTERM (a rolling deploy, a node drain, a scale-in). Before the Kafka connector closes its
 * consumer (which commits what was acknowledged), this observer:
 * <ol>
 *   <li>stops intake: the worker's incoming channels are paused ({@code pausable=true}), and a delivery that
 *       arrives anyway is not started and not acknowledged;</li>
 *   <li>lets running tasks finish for up to {@code spindle.worker.drain-timeout};</li>
 *   <li>hands back the tasks still running: their work is stopped, they are reported {@code queued}, and their
 *       records stay uncommitted, so the partition's next owner (another instance, or this one after a
 *       restart) takes them over. A task is never failed because its worker was stopped;</li>
 *   <li>gives the hand-backs a few seconds to be reported, then abandons what is left (an unreachable Kafka):
 *       the record is redelivered all the same.</li>
 * </ol>
 */
@ApplicationScoped
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class);
    /** How long hand-backs may take to be reported before the worker stops regardless. */
    static final Duration HAND_BACK_TIME = Duration.ofSeconds(3);

    private final WorkerConfig config;
    private final ChannelRegistry channels;
    private final Set<Delivery> running = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    public Drain(WorkerConfig config, ChannelRegistry channels) {
        this.config = config;
        this.channels = channels;
    }

    /** Registers a delivery about to start, or returns null when the worker is draining (do not start it). */
    Delivery enter(String taskId) {
        Delivery delivery = new Delivery(taskId, Thread.currentThread());
        running.add(delivery);
        if (draining) {
            leave(delivery);
            return null;
        }
        return delivery;
    }

    void leave(Delivery delivery) {
        running.remove(delivery);
        synchronized (running) {
            running.notifyAll();
        }
    }

    /** Stops the running deliveries of {@code taskId} (a cancellation); returns how many there were. */
    int cancel(String taskId) {
        int found = 0;
        for (Delivery delivery : running) {
            if (delivery.taskId().equals(taskId)) {
                delivery.cancel();
                found++;
            }
        }
        return found;
    }

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        draining = true;
        for (String name : channels.getIncomingNames()) {
            PausableChannel channel = channels.getPausable(name);
            if (channel != null) {
                channel.pause();
            }
        }
        if (running.isEmpty()) {
            return;
        }
        LOG.infof("draining: waiting up to %s for %d running task(s) %s", config.drainTimeout(), running.size(),
                running.stream().map(Delivery::taskId).toList());
        if (awaitIdle(config.drainTimeout())) {
            LOG.info("drained: every running task finished");
            return;
        }
        LOG.infof("drain time is up: handing back %s", running.stream().map(Delivery::taskId).toList());
        running.forEach(Delivery::handBack);
        if (!awaitIdle(HAND_BACK_TIME)) {
            LOG.warnf("hand-backs not reported in time (is Kafka reachable?): %s; their records stay uncommitted",
                    running.stream().map(Delivery::taskId).toList());
            running.forEach(Delivery::abandon);
            awaitIdle(Duration.ofSeconds(1));
        }
    }

    private boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (running) {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    running.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return running.isEmpty();
                }
            }
            return true;
        }
    }
}
