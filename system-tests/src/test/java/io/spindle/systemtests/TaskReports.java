package io.spindle.systemtests;

import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the workers' internal {@code task-reports} topic from its beginning (no consumer group): which
 * instance runs which attempt of a task, hand-backs, and how each attempt ended.
 */
final class TaskReports implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TaskReport> seen = new ArrayList<>();

    TaskReports(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.TASK_REPORTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits for a report of {@code taskId} that matches, and returns the first such. */
    TaskReport await(String taskId, String what, Duration timeout, Predicate<TaskReport> matches) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            TaskReport found = of(taskId).stream().filter(matches).findFirst().orElse(null);
            if (found != null) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no report of task " + taskId + " " + what + " within " + timeout
                        + "; its reports: " + of(taskId).stream().map(TaskReports::describe).toList());
            }
            poll();
        }
    }

    /** Every report of {@code taskId} read so far. */
    List<TaskReport> of(String taskId) {
        poll();
        return seen.stream().filter(r -> taskId.equals(r.taskId())).toList();
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            try {
                seen.add(PipelineJson.read(record.value(), TaskReport.class));
            } catch (PipelineJson.MalformedRecordException e) {
                // other tests publish poison records on purpose
            }
        }
    }

    static String describe(TaskReport r) {
        return r.status().wireName() + "#" + r.attempt() + "@" + r.worker() + (r.progress() == null ? ""
                : " " + r.progress() + "%") + (r.error() == null ? "" : " " + r.error().kind());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
