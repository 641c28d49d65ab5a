package io.spindle.local.stack;

import io.spindle.contract.pipeline.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topics: what each holds, record by record with the reason SmallRye's dead-letter strategy
 * wrote ({@code dead-letter-reason}), and a replay that publishes records back to the topic they came from
 * (same key and value, without the {@code dead-letter-*} headers) once their cause is fixed. Reads with no
 * consumer group: listing changes nothing.
 */
final class DeadLetters {

    static final String REASON = "dead-letter-reason";
    static final String CAUSE = "dead-letter-cause";
    static final String ORIGIN_TOPIC = "dead-letter-topic";
    static final String ORIGIN_PARTITION = "dead-letter-partition";
    static final String ORIGIN_OFFSET = "dead-letter-offset";
    /** Set on a replayed record: where it was replayed from ({@code topic/partition/offset}). */
    static final String REPLAYED_FROM = "spindle-replayed-from";
    private static final int PREVIEW = 200;

    private final String bootstrap;
    private final PrintStream out;

    DeadLetters(String bootstrap, PrintStream out) {
        this.bootstrap = bootstrap;
        this.out = out;
    }

    /** {@code ingest-tasks} or {@code ingest-tasks-dlq} → {@code ingest-tasks-dlq}; anything else is refused. */
    static String topic(String name) {
        String source = name.endsWith("-dlq") ? name.substring(0, name.length() - 4) : name;
        if (!Topics.CONSUMED.contains(source)) {
            throw new StackException("no dead-letter topic '" + name + "'; dead-letter topics: " + String.join(", ",
                    Topics.CONSUMED.stream().map(Topics::deadLetter).toList()));
        }
        return Topics.deadLetter(source);
    }

    /** Each dead-letter topic and how many records it holds. */
    void summary() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            for (String source : Topics.CONSUMED) {
                String dlq = Topics.deadLetter(source);
                long count = 0;
                for (var range : ranges(consumer, dlq).entrySet()) {
                    count += range.getValue()[1] - range.getValue()[0];
                }
                out.printf("  %-22s %d record(s)%n", dlq, count);
            }
        }
    }

    /** Prints every record of {@code dlq}, oldest first in each partition. */
    void list(String dlq) {
        List<ConsumerRecord<byte[], byte[]>> records = read(dlq);
        out.println(dlq + ": " + records.size() + " record(s)");
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.printf("  %d:%d  %s  key=%s  from %s%n", r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()),
                    r.key() == null ? "-" : text(r.key()), origin(r).orElse("(no origin header)"));
            out.println("    reason: " + header(r, REASON).orElse("(none)"));
            header(r, CAUSE).ifPresent(cause -> out.println("    cause: " + cause));
            header(r, REPLAYED_FROM).ifPresent(from -> out.println("    replayed before, from " + from));
            out.println("    value: " + preview(r.value()));
        }
    }

    /**
     * Publishes records of {@code dlq} back to their topic: all of them, or those at {@code positions}
     * ({@code partition:offset}). Returns how many were published.
     */
    int replay(String dlq, List<String> positions) {
        String target = dlq.substring(0, dlq.length() - 4);
        List<ConsumerRecord<byte[], byte[]>> chosen = read(dlq).stream()
                .filter(r -> positions.isEmpty() || positions.contains(r.partition() + ":" + r.offset())).toList();
        if (!positions.isEmpty() && chosen.size() < positions.size()) {
            throw new StackException("not every position in " + positions + " is a record of " + dlq
                    + "; see deploy/local/stack dlq list " + dlq);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000", ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : chosen) {
                RecordHeaders headers = new RecordHeaders();
                for (Header h : r.headers()) {
                    if (!h.key().startsWith("dead-letter-") && !h.key().equals(REPLAYED_FROM)) {
                        headers.add(h);
                    }
                }
                headers.add(REPLAYED_FROM, (dlq + "/" + r.partition() + "/" + r.offset())
                        .getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(new ProducerRecord<>(target, null, r.key(), r.value(), headers)));
            }
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata m = sent.get(i).get();
                out.printf("  %d:%d → %s %d:%d%n", chosen.get(i).partition(), chosen.get(i).offset(), target,
                        m.partition(), m.offset());
            }
        } catch (StackException e) {
            throw e;
        } catch (Exception e) {
            throw new StackException("replaying " + dlq + " to " + target + " failed: " + e.getMessage()
                    + " (is kafka running? deploy/local/stack status)");
        }
        out.println(chosen.size() + " record(s) of " + dlq + " published back to " + target);
        return chosen.size();
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String dlq) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<TopicPartition, long[]> ranges = ranges(consumer, dlq);
            List<TopicPartition> pending = new ArrayList<>(ranges.keySet().stream()
                    .filter(p -> ranges.get(p)[1] > ranges.get(p)[0]).toList());
            consumer.assign(pending);
            pending.forEach(p -> consumer.seek(p, ranges.get(p)[0]));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new StackException("reading " + dlq + " took longer than 30 s (is kafka running?"
                            + " deploy/local/stack status)");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < ranges.get(new TopicPartition(r.topic(), r.partition()))[1]) {
                        records.add(r);
                    }
                }
                pending.removeIf(p -> consumer.position(p) >= ranges.get(p)[1]);
            }
        }
        records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    /** Partition → {first offset, end offset}. */
    private static Map<TopicPartition, long[]> ranges(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, long[]> ranges = new java.util.HashMap<>();
            partitions.forEach(p -> ranges.put(p, new long[] {first.get(p), end.get(p)}));
            return ranges;
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StackException("kafka did not answer for " + topic + ": " + e.getMessage()
                    + " (is it running? deploy/local/stack status)");
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static Optional<String> origin(ConsumerRecord<byte[], byte[]> r) {
        return header(r, ORIGIN_TOPIC).map(topic -> topic + " " + header(r, ORIGIN_PARTITION).orElse("?") + ":"
                + header(r, ORIGIN_OFFSET).orElse("?"));
    }

    private static Optional<String> header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null || h.value() == null ? Optional.empty() : Optional.of(text(h.value()));
    }

    private static String preview(byte[] value) {
        if (value == null) {
            return "(null)";
        }
        String text = text(value).replaceAll("\\s+", " ");
        return (text.length() > PREVIEW ? text.substring(0, PREVIEW) + "…" : text) + " (" + value.length + " bytes)";
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
