package io.spindle.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.spindle.contract.ConnectionCredentials;
import io.spindle.contract.IdKind;
import io.spindle.contract.Ids;
import io.spindle.contract.pipeline.Artifact;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskKind;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import io.spindle.local.InfraTestResource;
import io.spindle.workerkit.testing.PipelineProbe;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The broker stops answering (its JVM paused with SIGSTOP, longer than the producer's delivery timeout) while
 * an upload runs: the worker keeps the command uncommitted and its reports unsent until Kafka is back, then the
 * task succeeds. Nothing goes to the dead-letter topic.
 */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
    @ResourceArg(name = "components", value = "s3,kafka"), @ResourceArg(name = "kafka-apart", value = "true")})
@WithTestResource(value = CredentialsFiles.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ReportsWaitForKafkaTest {

    static final String PROJECT = "prj_kafkaoutage00001";
    static final String CONNECTION = "con_kafkaoutage00001";
    static final long SIZE = 256L * 1024 * 1024;
    static final Duration OUTAGE = Duration.ofSeconds(40); // > delivery.timeout.ms (30 s): sends fail, then retry

    @Test
    void aValidCommandWaitsForKafkaAndNeverReachesTheDeadLetterTopic() throws Exception {
        String endpoint = config("spindle.test.s3.endpoint");
        MinioClient s3 = MinioClient.builder().endpoint(endpoint).credentials(config("spindle.test.s3.access-key"),
                config("spindle.test.s3.secret-key")).region("us-east-1").build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket("outage-bucket").build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket("outage-bucket").build());
        }
        CredentialsFiles.write(new ConnectionCredentials(
                CONNECTION, endpoint, "us-east-1", config("spindle.test.s3.access-key"),
                config("spindle.test.s3.secret-key"), "path"));
        String run = Ids.newId(IdKind.RUN);
        String key = PROJECT + "/" + run + "/task_video00000000001/output.mp4";
        try (InputStream in = new RandomBytes(SIZE)) {
            s3.putObject(PutObjectArgs.builder().bucket("spindle-work").object(key).stream(in, SIZE, -1L)
                    .contentType("video/mp4").build());
        }
        Artifact input = new Artifact("s3://spindle-work/" + key, null, "output.mp4", "video/mp4", SIZE, null, null);
        TaskCommand command = new TaskCommand(TaskCommand.SCHEMA_VERSION, PROJECT, run, Ids.newId(IdKind.TASK),
                "task_video00000000001", TaskKind.UPLOAD, Map.of("connection_id", CONNECTION, "bucket",
                        "outage-bucket", "key", "during/outage.mp4"), input, List.of(), Instant.now());

        long broker = Long.parseLong(config("spindle.test.kafka.pid"));
        try (PipelineProbe pipeline = new PipelineProbe(config("kafka.bootstrap.servers"), Topics.TASK_REPORTS)) {
            pipeline.send(command);
            pipeline.awaitReport(command, Duration.ofMinutes(1), r -> r.status() == TaskStatus.PROCESSING);
            Instant paused = Instant.now();
            signal("STOP", broker);
            try {
                Thread.sleep(OUTAGE.toMillis());
            } finally {
                signal("CONT", broker);
            }
            Instant resumed = Instant.now();
            TaskReport done = pipeline.awaitTerminal(command, Duration.ofMinutes(2));
            assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(TaskStatus.SUCCEEDED);
            // the upload ended during the outage; its report waited for the broker
            assertThat(done.occurredAt()).isBetween(paused, resumed);
            assertThat(done.attempt()).isEqualTo(1);
        }
        assertThat(s3.statObject(StatObjectArgs.builder().bucket("outage-bucket").object("during/outage.mp4").build())
                .size()).isEqualTo(SIZE);
        assertThat(deadLetters(Topics.deadLetter(Topics.UPLOAD_TASKS))).as("upload-tasks-dlq")
                .noneMatch(value -> value.contains(command.taskId()));
    }

    static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    /** Every record on a dead-letter topic, read from the beginning. */
    static List<String> deadLetters(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config("kafka.bootstrap.servers")), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return values;
        }
    }

    static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    /** {@code size} pseudo-random bytes, made as they are read (nothing held in memory). */
    static final class RandomBytes extends InputStream {
        private final Random random = new Random(7);
        private long left;

        RandomBytes(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            left -= n;
            return n;
        }
    }
}
