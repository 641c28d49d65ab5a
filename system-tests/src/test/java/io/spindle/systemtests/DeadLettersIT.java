package io.spindle.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.spindle.contract.pipeline.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dead letters are visible and can be replayed: a malformed record on {@code ingest-tasks} shows in
 * {@code deploy/local/stack dlq list} with its reason and in the gateway's {@code spindle_dead_letters} gauge,
 * and {@code dlq replay} publishes it back to {@code ingest-tasks}.
 */
@ExtendWith(LocalStack.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLettersIT {

    static final String DLQ = Topics.deadLetter(Topics.INGEST_TASKS);

    LocalStack local;

    @BeforeAll
    void setUp(LocalStack local) {
        this.local = local;
    }

    @Test
    void aMalformedRecordIsListedWithItsReasonCountedAndReplayed() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        String value = "{\"kind\": \"ingest\", \"task_id\": 42";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, local.kafkaBootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.INGEST_TASKS, key, value)).get();
        }

        Pattern listed = Pattern.compile("(\\d+):(\\d+) {2}\\S+ {2}key=" + key + " {2}from ingest-tasks \\d+:\\d+\\n"
                + " {4}reason: (.+)\\n");
        String[] position = new String[1];
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            String out = dlq("list", DLQ);
            Matcher m = listed.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            assertThat(m.group(3)).as("the reason").startsWith("not a TaskCommand: ");
            position[0] = m.group(1) + ":" + m.group(2);
        });
        assertThat(dlq("list")).containsPattern(DLQ + " +[1-9]\\d* record\\(s\\)");
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(RestAssured.get(local.facts.get("SPINDLE_API_URL") + "/q/metrics").asString())
                        .containsPattern("spindle_dead_letters\\{topic=\"" + DLQ + "\"[^}]*} [1-9]"));

        String replayed = dlq("replay", DLQ, position[0]);
        Matcher to = Pattern.compile(position[0] + " → ingest-tasks (\\d+):(\\d+)").matcher(replayed);
        assertThat(to.find()).as(replayed).isTrue();
        ConsumerRecord<byte[], byte[]> back = record(new TopicPartition(Topics.INGEST_TASKS,
                Integer.parseInt(to.group(1))), Long.parseLong(to.group(2)));
        assertThat(new String(back.key(), StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(new String(back.value(), StandardCharsets.UTF_8)).isEqualTo(value);
        assertThat(new String(back.headers().lastHeader("spindle-replayed-from").value(), StandardCharsets.UTF_8))
                .isEqualTo(DLQ + "/" + position[0].replace(':', '/'));

        // still malformed: the worker dead-letters it again, and the list says it was replayed once
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(dlq("list", DLQ)).contains("replayed before, from " + DLQ + "/"
                        + position[0].replace(':', '/')));
        assertThat(local.stack("dlq", "replay", "no-such-topic").run(Duration.ofMinutes(1)).output())
                .contains("no dead-letter topic 'no-such-topic'; dead-letter topics: ingest-tasks-dlq");
    }

    private String dlq(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "dlq";
        System.arraycopy(args, 0, argv, 1, args.length);
        Command.Result result = local.stack(argv).run(Duration.ofMinutes(1));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }

    private ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.kafkaBootstrapServers()), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() == offset) {
                        return r;
                    }
                }
            }
            throw new AssertionError("no record at " + partition + " " + offset);
        }
    }
}
