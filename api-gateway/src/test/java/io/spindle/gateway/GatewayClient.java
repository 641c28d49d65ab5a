package io.spindle.gateway;

import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskError;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import java.time.Instant;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import io.spindle.contract.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the gateway's tests do as a client: the REST API with project A's key, and plain kafka-clients. */
final class GatewayClient {

    static final String KEY_A = "test-key-a-0123456789abcdefghij";
    static final String PROJECT_A = "prj_testaaaaaaaaaaaa";
    static final String KEY_B = "test-key-b-0123456789abcdefghij";

    private GatewayClient() {
    }

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + KEY_A).contentType("application/json");
    }

    /** The API with project B's key. */
    static RequestSpecification otherProject() {
        return given().header("Authorization", "Bearer " + KEY_B).contentType("application/json");
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaProducer<String, byte[]> shared;

    /** One producer for the test JVM (closed when it exits): sends wait for the broker's ack. */
    static synchronized KafkaProducer<String, byte[]> sharedProducer() {
        if (shared == null) {
            shared = producer();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    static void send(String topic, String key, byte[] value) {
        try {
            sharedProducer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
        return awaitRecords(topic, r -> key.equals(r.key()), r -> true).get(0);
    }

    /**
     * Reads {@code topic} from the start and collects the records that {@code keep} selects, until one of them
     * matches {@code last}; fails after 30 s.
     */
    static List<ConsumerRecord<String, byte[]>> awaitRecords(String topic,
            Predicate<ConsumerRecord<String, byte[]>> keep, Predicate<ConsumerRecord<String, byte[]>> last) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + Ids.randomToken(8));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> kept = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (keep.test(r)) {
                        kept.add(r);
                        if (last.test(r)) {
                            return kept;
                        }
                    }
                }
            }
        }
        throw new AssertionError("the awaited record did not arrive on " + topic + " within 30 s; kept " + kept.size());
    }

    /** A worker's report about a task of project A. */
    static TaskReport report(String runId, String taskId, TaskKind kind, TaskStatus status, int attempt,
            Integer progress, List<Artifact> outputs, TaskError error) {
        return new TaskReport(TaskReport.SCHEMA_VERSION, "evt_" + Ids.randomToken(16), PROJECT_A, runId, taskId, kind,
                status, attempt, "test-worker", progress, outputs, error, Instant.now());
    }

    /** Publishes a report on task-reports, as a worker would. */
    static void publish(TaskReport report) {
        send(Topics.TASK_REPORTS, report.runId(), PipelineJson.write(report));
    }

    /** A header's value as text, or null. */
    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
