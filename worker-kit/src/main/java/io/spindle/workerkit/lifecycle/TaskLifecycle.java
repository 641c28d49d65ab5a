package io.spindle.workerkit.lifecycle;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.spindle.contract.IdKind;
import io.spindle.contract.Problem.FieldError;
import io.spindle.contract.options.TaskOptions;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.PlannedTask;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import io.spindle.workerkit.config.WorkerConfig;
import io.spindle.workerkit.media.InvalidMediaException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The life of a task in a worker: read the command, report {@code processing}, do the work (reporting
 * progress), then publish the children's commands and {@code succeeded} with the outputs, or {@code failed}
 * with an error a user can act on. Retryable failures are tried again with backoff, a bounded number of times.
 *
 * <p>A record that is not a command at all cannot be reported against a task: it is rejected with
 * {@link PipelineJson.MalformedRecordException}, which the channel's dead-letter strategy moves to the DLQ.
 * Blocking: call it from a {@code @Blocking} consumer.
 */
@ApplicationScoped
public class TaskLifecycle {

    private static final Logger LOG = Logger.getLogger(TaskLifecycle.class);

    private final MutinyEmitter<byte[]> out;
    private final WorkerConfig config;

    public TaskLifecycle(@Channel("pipeline-out") MutinyEmitter<byte[]> out, WorkerConfig config) {
        this.out = out;
        this.config = config;
    }

    public void process(byte[] record, TaskHandler handler) {
        TaskCommand command = read(record);
        if (!handler.kinds().contains(command.kind())) {
            fail(command, new TaskError("invalid_command", "A " + command.kind().wireName() + " task was sent to"
                    + " the topic of " + handler.kinds() + " tasks."));
            return;
        }
        List<FieldError> invalid = TaskOptions.validate(command.kind(), command.options(), "options");
        if (!invalid.isEmpty()) {
            fail(command, new TaskError("invalid_options", invalid.stream().map(e -> e.field() + ": " + e.message())
                    .collect(Collectors.joining("; "))));
            return;
        }
        LOG.infof("task %s (%s) of run %s: started, attempt %d", command.taskId(), command.kind().wireName(),
                command.runId(), command.attempt());
        emit(command, TaskStatus.PROCESSING, 0, List.of(), null);
        ThrottledProgress progress = new ThrottledProgress(command);
        long backoff = config.retryBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                List<Artifact> outputs = handler.run(command, progress);
                for (PlannedTask child : command.next()) {
                    TaskCommand next = command.child(child, outputs.isEmpty() ? null : outputs.get(0), Instant.now());
                    send(next.kind().topic(), next.taskId(), PipelineJson.write(next));
                }
                emit(command, TaskStatus.SUCCEEDED, 100, outputs, null);
                LOG.infof("task %s succeeded", command.taskId());
                return;
            } catch (TaskFailure f) {
                if (f.isRetryable() && attempt < config.maxAttempts()) {
                    LOG.warnf("task %s: attempt %d failed (%s: %s); retrying in %d ms", command.taskId(), attempt,
                            f.kind(), f.getMessage(), backoff);
                    sleep(backoff);
                    backoff *= 2;
                    continue;
                }
                fail(command, new TaskError(f.kind(), f.getMessage()
                        + (f.isRetryable() ? " (gave up after " + attempt + " attempts)" : "")));
                return;
            } catch (InvalidMediaException e) {
                fail(command, new TaskError(InvalidMediaException.KIND, e.getMessage()));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: the task will be redelivered", e);
            } catch (Exception e) {
                LOG.errorf(e, "task %s failed unexpectedly", command.taskId());
                fail(command, new TaskError("internal_error", "The worker failed unexpectedly ("
                        + e.getClass().getSimpleName() + "); the failure has been logged."));
                return;
            }
        }
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

    private void fail(TaskCommand command, TaskError error) {
        LOG.infof("task %s failed: %s: %s", command.taskId(), error.kind(), error.message());
        emit(command, TaskStatus.FAILED, null, List.of(), error);
    }

    void emit(TaskCommand command, TaskStatus status, Integer progress, List<Artifact> outputs, TaskError error) {
        TaskReport report = new TaskReport(TaskReport.SCHEMA_VERSION, eventId(command, status, progress),
                command.projectId(), command.runId(), command.taskId(), command.kind(), status, progress, outputs,
                error, Instant.now());
        send(Topics.TASK_REPORTS, command.runId(), PipelineJson.write(report));
    }

    private void send(String topic, String key, byte[] value) {
        out.sendMessageAndAwait(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(key).build()));
    }

    /** The same fact about the same task always has the same id, however often it is redelivered. */
    static String eventId(TaskCommand command, TaskStatus status, Integer progress) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((command.taskId() + "|" + status.wireName()
                    + "|" + progress).getBytes(StandardCharsets.UTF_8));
            return "evt_" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: the task will be redelivered", e);
        }
    }

    /** Reports at most once per interval, only when the number rose, never 100 (that is succeeded's). */
    private final class ThrottledProgress implements TaskHandler.Progress {
        private final TaskCommand command;
        private int last;
        private long lastAt;

        ThrottledProgress(TaskCommand command) {
            this.command = command;
        }

        @Override
        public synchronized void report(int percent) {
            int value = Math.max(0, Math.min(99, percent));
            long now = System.nanoTime();
            if (value > last && now - lastAt >= config.progressInterval().toNanos()) {
                last = value;
                lastAt = now;
                emit(command, TaskStatus.PROCESSING, value, List.of(), null);
            }
        }
    }
}
