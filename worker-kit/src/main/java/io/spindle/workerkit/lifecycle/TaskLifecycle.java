package io.spindle.workerkit.lifecycle;

import io.spindle.contract.IdKind;
import io.spindle.contract.Problem.FieldError;
import io.spindle.contract.options.TaskOptions;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.workerkit.attempts.Attempt;
import io.spindle.workerkit.attempts.Attempt.Outcome;
import io.spindle.workerkit.attempts.AttemptLedger;
import io.spindle.workerkit.attempts.AttemptLedger.Claim;
import io.spindle.workerkit.attempts.LedgerStore;
import io.spindle.workerkit.config.WorkerConfig;
import io.spindle.workerkit.media.InvalidMediaException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The life of one delivery of a task command, in phases:
 * <ol>
 *   <li><b>accept</b>: a record that is not a command is refused (the channel's dead-letter strategy takes it);
 *       a command for the wrong worker or with invalid options fails its task at once;</li>
 *   <li><b>claim</b>: the task's {@link AttemptLedger} says whether it already ended (acknowledge, nothing to
 *       do), whether another delivery still holds it (wait for that one), whether its workers died too often
 *       ({@code worker_crashed}), or which attempt this is;</li>
 *   <li><b>work</b>: the handler runs, retryable failures tried again with backoff within the attempt;</li>
 *   <li><b>report</b>: the children's commands and {@code succeeded}, or {@code failed} with an error a user
 *       can act on, or, when the worker is shutting down, {@code queued} (handed back).</li>
 * </ol>
 * A task cancelled on request ({@link Cancellations}) is skipped when its command arrives, and stopped if it runs:
 * neither its result nor its children are sent (the gateway has marked it {@code cancelled} already).
 * The record is acknowledged only when the task's outcome is published. A hand-back leaves it unacknowledged,
 * so Kafka gives it to the partition's next owner. Blocking: call it from a {@code @Blocking} consumer.
 */
@ApplicationScoped
public class TaskLifecycle {

    private static final Logger LOG = Logger.getLogger(TaskLifecycle.class);

    private final Reporter reporter;
    private final LedgerStore ledgers;
    private final Drain drain;
    private final WorkerConfig config;
    private final Event<TaskEnded> ended;
    private final RetryHorizon retries;
    private final Cancellations cancellations;

    public TaskLifecycle(Reporter reporter, LedgerStore ledgers, Drain drain, WorkerConfig config,
            Event<TaskEnded> ended, Cancellations cancellations) {
        this.reporter = reporter;
        this.cancellations = cancellations;
        this.ended = ended;
        this.ledgers = ledgers;
        this.drain = drain;
        this.config = config;
        this.retries = new RetryHorizon(config.retryHorizon(), config.retryBackoff());
    }

    private enum Ending {
        /** The task's outcome is published: acknowledge the record. */
        DONE,
        /** Not finished here: leave the record unacknowledged for the partition's next owner. */
        HANDED_BACK
    }

    public CompletionStage<Void> process(Message<byte[]> record, TaskHandler handler) {
        TaskCommand command;
        try {
            command = read(record.getPayload());
        } catch (PipelineJson.MalformedRecordException e) {
            return record.nack(e);
        }
        Delivery delivery = drain.enter(command.taskId());
        if (delivery == null) {
            LOG.debugf("task %s not started: the worker is draining", command.taskId());
            return CompletableFuture.completedFuture(null);
        }
        try {
            return deliver(command, handler, delivery) == Ending.DONE ? record.ack()
                    : CompletableFuture.completedFuture(null);
        } catch (Stopped e) {
            LOG.info(e.getMessage());
            return CompletableFuture.completedFuture(null);
        } finally {
            drain.leave(delivery);
        }
    }

    private Ending deliver(TaskCommand command, TaskHandler handler, Delivery delivery) {
        if (cancellations.isCancelled(command.taskId())) {
            LOG.infof("task %s was cancelled: skipped", command.taskId());
            return Ending.DONE;
        }
        TaskError invalid = accept(command, handler);
        if (invalid != null) {
            LOG.infof("task %s failed: %s: %s", command.taskId(), invalid.kind(), invalid.message());
            reporter.report(command, 0, TaskStatus.FAILED, List.of(), invalid, delivery);
            return Ending.DONE;
        }
        Found found = awaitClaim(command, delivery);
        if (found == null) {
            return Ending.HANDED_BACK; // the worker is stopping before this delivery started any work
        }
        if (found.claim() instanceof Claim.Finished finished) {
            LOG.infof("task %s already %s: nothing to do", command.taskId(), finished.outcome().wireName());
            return Ending.DONE;
        }
        if (found.claim() instanceof Claim.GiveUp giveUp) {
            return giveUp(command, found.ledger(), giveUp.crashed(), delivery);
        }
        LedgerStore.Held held = start(command, found.ledger(), ((Claim.Start) found.claim()).number(), delivery);
        return work(command, handler, held, delivery);
    }

    /** A command for this worker with valid options, or why not. */
    private static TaskError accept(TaskCommand command, TaskHandler handler) {
        if (!handler.kinds().contains(command.kind())) {
            return new TaskError("invalid_command", "A " + command.kind().wireName() + " task was sent to the topic"
                    + " of " + handler.kinds() + " tasks.");
        }
        List<FieldError> invalid = TaskOptions.validate(command.kind(), command.options(), "options");
        return invalid.isEmpty() ? null : new TaskError("invalid_options", invalid.stream()
                .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
    }

    /** A ledger and what it says this delivery should do. */
    private record Found(AttemptLedger ledger, Claim claim) {
    }

    /** Reads the ledger, waiting while another delivery holds the task; null when the worker stops meanwhile. */
    private Found awaitClaim(TaskCommand command, Delivery delivery) {
        long pause = Math.max(200, config.lease().toMillis() / 3);
        String waitingFor = null;
        while (true) {
            AttemptLedger ledger;
            try {
                ledger = Persistently.get("reading its attempt ledger", command.taskId(), delivery::handingBack,
                        () -> ledgers.read(command));
            } catch (Stopped e) {
                return null;
            }
            Claim claim = ledger.claim(Instant.now(), config.lease(), config.maxAttempts());
            if (!(claim instanceof Claim.Held held)) {
                return new Found(ledger, claim);
            }
            if (waitingFor == null) {
                waitingFor = held.by().worker();
                LOG.infof("task %s: attempt %d is held by %s; waiting for it to end or for its claim to lapse",
                        command.taskId(), held.by().number(), waitingFor);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (delivery.handingBack()) {
                return null;
            }
        }
    }

    private Ending giveUp(TaskCommand command, AttemptLedger ledger, List<Attempt> crashed, Delivery delivery) {
        String which = crashed.stream().map(a -> a.number() + " (" + a.worker() + ")")
                .collect(Collectors.joining(", "));
        TaskError error = new TaskError("worker_crashed", "The task's worker stopped without finishing it "
                + crashed.size() + " times (attempts " + which + "), so it is not tried again. The input may make"
                + " the worker run out of memory or crash; check the input, or the workers' memory limits.");
        LOG.warnf("task %s failed: %s", command.taskId(), error.message());
        int last = ledger.attempts().isEmpty() ? 0 : ledger.attempts().get(ledger.attempts().size() - 1).number();
        reporter.report(command, last, TaskStatus.FAILED, List.of(), error, delivery);
        Persistently.run("writing its attempt ledger", command.taskId(), delivery::abandoned,
                () -> ledgers.write(command, ledger.gaveUp()));
        return Ending.DONE;
    }

    private LedgerStore.Held start(TaskCommand command, AttemptLedger ledger, int number, Delivery delivery) {
        LedgerStore.Held held = Persistently.get("recording attempt " + number, command.taskId(),
                delivery::handingBack, () -> ledgers.start(command, ledger, number));
        LOG.infof("task %s (%s) of run %s: attempt %d started", command.taskId(), command.kind().wireName(),
                command.runId(), number);
        reporter.report(command, number, TaskStatus.PROCESSING, List.of(), null, delivery);
        return held;
    }

    private Ending work(TaskCommand command, TaskHandler handler, LedgerStore.Held held, Delivery delivery) {
        if (delivery.cancelled()) {
            return cancelled(command, held, delivery);
        }
        List<Artifact> outputs;
        try {
            outputs = runHandler(command, handler, held, delivery);
        } catch (Exception e) {
            if (delivery.cancelled()) {
                return cancelled(command, held, delivery);
            }
            if (delivery.handingBack() || interrupted(e)) {
                return handBack(command, held, delivery);
            }
            TaskError error = errorOf(command, e);
            LOG.infof("task %s failed: %s: %s", command.taskId(), error.kind(), error.message());
            reporter.report(command, held.number(), TaskStatus.FAILED, List.of(), error, delivery);
            end(command, held, Outcome.FAILED, delivery);
            return Ending.DONE;
        }
        if (delivery.cancelled()) { // cancelled as the work ended: its result goes nowhere
            return cancelled(command, held, delivery);
        }
        Artifact handed = outputs.isEmpty() ? null : outputs.get(0);
        List<TaskCommand> children = command.next().stream()
                .map(child -> command.child(child, handed, Instant.now())).toList();
        reporter.succeeded(command, held.number(), children, outputs, delivery);
        end(command, held, Outcome.SUCCEEDED, delivery);
        LOG.infof("task %s succeeded (attempt %d)", command.taskId(), held.number());
        return Ending.DONE;
    }

    /** The handler's work, with retries of retryable failures; a hand-back interrupts it. */
    private List<Artifact> runHandler(TaskCommand command, TaskHandler handler, LedgerStore.Held held,
            Delivery delivery) throws Exception {
        ThrottledProgress progress = new ThrottledProgress(command, held.number());
        delivery.working(true);
        try {
            return retries.call(() -> handler.run(command, progress), progress::reached);
        } finally {
            delivery.working(false);
            ended.fire(new TaskEnded(command));
        }
    }

    private Ending cancelled(TaskCommand command, LedgerStore.Held held, Delivery delivery) {
        LOG.infof("task %s: attempt %d stopped: the task was cancelled", command.taskId(), held.number());
        end(command, held, Outcome.CANCELLED, delivery);
        return Ending.DONE;
    }

    private Ending handBack(TaskCommand command, LedgerStore.Held held, Delivery delivery) {
        held.release();
        LOG.infof("task %s: attempt %d handed back: the worker is shutting down", command.taskId(), held.number());
        reporter.report(command, held.number(), TaskStatus.QUEUED, List.of(), null, delivery);
        end(command, held, Outcome.HANDED_BACK, delivery);
        return Ending.HANDED_BACK;
    }

    private static void end(TaskCommand command, LedgerStore.Held held, Outcome outcome, Delivery delivery) {
        Persistently.run("recording the end of attempt " + held.number(), command.taskId(), delivery::abandoned,
                () -> held.end(outcome));
    }

    /** What a failure means for the user. */
    private TaskError errorOf(TaskCommand command, Exception e) {
        if (e instanceof TaskFailure f) {
            return new TaskError(f.kind(), f.getMessage() + (f.isRetryable() ? " (gave up after trying for "
                    + humane(config.retryHorizon()) + ")" : ""));
        }
        if (e instanceof InvalidMediaException) {
            return new TaskError(InvalidMediaException.KIND, e.getMessage());
        }
        LOG.errorf(e, "task %s failed unexpectedly", command.taskId());
        return new TaskError("internal_error", "The worker failed unexpectedly (" + e.getClass().getSimpleName()
                + "); the failure has been logged.");
    }

    /** {@code 10 min}, {@code 45 s}. */
    static String humane(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 120 && seconds % 60 == 0 ? seconds / 60 + " min" : Math.max(seconds, 1) + " s";
    }

    /** Whether an interrupt (a hand-back, a shutdown) is behind {@code error}. */
    static boolean interrupted(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    private static TaskCommand read(byte[] record) {
        TaskCommand command = PipelineJson.read(record, TaskCommand.class);
        if (command.kind() == null || !IdKind.TASK.matches(command.taskId()) || !IdKind.RUN.matches(command.runId())
                || !IdKind.PROJECT.matches(command.projectId())) {
            throw new PipelineJson.MalformedRecordException("a task command needs a known kind and well-formed"
                    + " task_id, run_id and project_id");
        }
        return command;
    }

    /** Reports at most once per interval, only when the number rose, never 100 (that is succeeded's). */
    private final class ThrottledProgress implements TaskHandler.Progress {
        private final TaskCommand command;
        private final int attempt;
        private int last;
        private long lastAt;
        private int reached;

        ThrottledProgress(TaskCommand command, int attempt) {
            this.command = command;
            this.attempt = attempt;
        }

        @Override
        public synchronized void report(int percent) {
            int value = Math.max(0, Math.min(99, percent));
            reached = Math.max(reached, value);
            long now = System.nanoTime();
            if (value > last && now - lastAt >= config.progressInterval().toNanos()) {
                last = value;
                lastAt = now;
                reporter.progress(command, attempt, value);
            }
        }

        /** The highest percentage reported, throttled or not. */
        synchronized int reached() {
            return reached;
        }
    }
}
