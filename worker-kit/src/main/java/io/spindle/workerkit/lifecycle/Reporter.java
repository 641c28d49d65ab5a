package io.spindle.workerkit.lifecycle;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import io.spindle.workerkit.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What a worker says on Kafka: task reports (keyed by run id, on {@code task-reports}) and the commands of a
 * finished task's children (keyed by task id, on their kind's topic). Status changes and children are published
 * {@link Persistently}: while Kafka does not accept them the delivery waits, its record uncommitted. Progress is
 * best effort: a lost progress report is overtaken by the next.
 */
@ApplicationScoped
public class Reporter {

    /** One try at publishing; the producer's own {@code delivery.timeout.ms} is set to match. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<byte[]> out;
    private final WorkerConfig config;

    public Reporter(@Channel("pipeline-out") MutinyEmitter<byte[]> out, WorkerConfig config) {
        this.out = out;
        this.config = config;
    }

    /** Publishes a status change of attempt {@code attempt} (0: no attempt was started). */
    void report(TaskCommand command, int attempt, TaskStatus status, List<Artifact> outputs, TaskError error,
            Delivery delivery) {
        Integer progress = status == TaskStatus.FAILED ? null : Integer.valueOf(0); // succeeded: see succeeded()
        byte[] report = PipelineJson.write(report(command, attempt, status, progress, outputs, error));
        Persistently.run("publishing its " + status.wireName() + " report", command.taskId(), delivery::abandoned,
                () -> send(Topics.TASK_REPORTS, command.runId(), report));
    }

    /**
     * Publishes the commands of a succeeded task's children and its {@code succeeded} report at once and waits
     * for all of them: the next step starts one round trip to Kafka sooner than with one send after the other. Which
     * lands first does not matter: a redelivery after a crash between them runs the task again and sends both anew
     * (the children's ledgers and the reports' event ids make the repeats harmless).
     */
    void succeeded(TaskCommand command, int attempt, List<TaskCommand> children, List<Artifact> outputs,
            Delivery delivery) {
        List<Record> records = new ArrayList<>();
        children.forEach(child -> records.add(new Record(child.kind().topic(), child.taskId(),
                PipelineJson.write(child))));
        records.add(new Record(Topics.TASK_REPORTS, command.runId(),
                PipelineJson.write(report(command, attempt, TaskStatus.SUCCEEDED, 100, outputs, null))));
        Persistently.run("publishing its succeeded report and its children's commands", command.taskId(),
                delivery::abandoned, () -> Uni.join().all(records.stream()
                        .map(r -> out.sendMessage(message(r.topic(), r.key(), r.value()))).toList())
                        .andFailFast().await().atMost(SEND_TIMEOUT));
    }

    private record Record(String topic, String key, byte[] value) {
    }

    /** Publishes progress without waiting for Kafka. */
    void progress(TaskCommand command, int attempt, int percent) {
        TaskReport report = report(command, attempt, TaskStatus.PROCESSING, percent, List.of(), null);
        out.sendMessageAndForget(message(Topics.TASK_REPORTS, command.runId(), PipelineJson.write(report)));
    }

    private TaskReport report(TaskCommand command, int attempt, TaskStatus status, Integer progress,
            List<Artifact> outputs, TaskError error) {
        return new TaskReport(TaskReport.SCHEMA_VERSION, eventId(command, attempt, status, progress),
                command.projectId(), command.runId(), command.taskId(), command.kind(), status, attempt,
                config.instance(), progress, outputs, error, Instant.now());
    }

    private void send(String topic, String key, byte[] value) {
        out.sendMessage(message(topic, key, value)).await().atMost(SEND_TIMEOUT);
    }

    private static Message<byte[]> message(String topic, String key, byte[] value) {
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic)
                .withKey(key).build());
    }

    /** The same fact about the same attempt always has the same id, however often it is published. */
    static String eventId(TaskCommand command, int attempt, TaskStatus status, Integer progress) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((command.taskId() + "|" + attempt + "|"
                    + status.wireName() + "|" + progress).getBytes(StandardCharsets.UTF_8));
            return "evt_" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
