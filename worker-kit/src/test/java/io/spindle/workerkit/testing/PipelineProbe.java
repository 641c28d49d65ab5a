package io.spindle.workerkit.testing;

import static org.awaitility.Awaitility.await;

import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test's view of the pipeline on a real broker: sends commands (or anything) and records what the workers
 * publish on the topics it listens to, from the beginning.
 */
public final class PipelineProbe implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final ConcurrentLinkedQueue<ConsumerRecord<String, byte[]>> seen = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final Thread listener;

    public PipelineProbe(String bootstrap, String... topics) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        listener = new Thread(() -> {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + Ids.randomToken(8));
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topics));
                while (listening.get()) {
                    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                }
            }
        }, "pipeline-probe");
        listener.start();
    }

    public void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a command to the topic of its kind. */
    public void send(TaskCommand command) {
        send(command.kind().topic(), command);
    }

    public void send(String topic, TaskCommand command) {
        send(topic, command.taskId(), PipelineJson.write(command));
    }

    /** The reports about one task, in the order they were published. */
    public List<TaskReport> reports(TaskCommand command) {
        List<TaskReport> reports = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : seen) {
            if (r.topic().equals(Topics.TASK_REPORTS) && command.runId().equals(r.key())) {
                TaskReport e = PipelineJson.read(r.value(), TaskReport.class);
                if (command.taskId().equals(e.taskId())) {
                    reports.add(e);
                }
            }
        }
        return reports;
    }

    /** The records seen so far on {@code topic}. */
    public List<ConsumerRecord<String, byte[]>> records(String topic) {
        return seen.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    public TaskReport awaitTerminal(TaskCommand command, Duration within) {
        return awaitReport(command, within, e -> e.status().isTerminal());
    }

    /** The first report about the task that matches. */
    public TaskReport awaitReport(TaskCommand command, Duration within,
            java.util.function.Predicate<TaskReport> matches) {
        return await().atMost(within).until(() -> reports(command).stream().filter(matches).findFirst()
                .orElse(null), e -> e != null);
    }

    public ConsumerRecord<String, byte[]> awaitRecord(String topic, String key, Duration within) {
        return await().atMost(within).until(() -> seen.stream().filter(r -> r.topic().equals(topic)
                && key.equals(r.key())).findFirst().orElse(null), r -> r != null);
    }

    @Override
    public void close() {
        listening.set(false);
        try {
            listener.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
