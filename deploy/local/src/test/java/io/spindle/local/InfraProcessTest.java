package io.spindle.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.spindle.local.InfraSettings.Component;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The infrastructure process starts real servers that real clients can use. */
class InfraProcessTest {

    static InfraProcess infra;

    @BeforeAll
    static void start() {
        infra = InfraProcess.startEphemeral(Path.of("target", "infra-test"),
                EnumSet.allOf(Component.class), List.of("spindle_test"));
    }

    @AfterAll
    static void stop() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void postgresAcceptsConnectionsToTheRequestedDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(infra.postgresJdbcUrl("spindle_test"),
                infra.postgresUser(), infra.postgresPassword());
                ResultSet rs = c.createStatement().executeQuery("select current_database(), version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("spindle_test");
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
        }
    }

    @Test
    void s3StoresObjectsAndChecksSignatures() throws Exception {
        MinioClient good = MinioClient.builder().endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), infra.s3SecretKey()).region(infra.s3Region()).build();
        good.makeBucket(MakeBucketArgs.builder().bucket("infra-test").build());
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        good.putObject(PutObjectArgs.builder().bucket("infra-test").object("a.txt")
                .stream(new ByteArrayInputStream(body), (long) body.length, -1L).build());
        try (InputStream in = good.getObject(GetObjectArgs.builder().bucket("infra-test").object("a.txt").build())) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }

        MinioClient wrongSecret = MinioClient.builder().endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), "not-the-secret").region(infra.s3Region()).build();
        assertThatThrownBy(() -> wrongSecret.getObject(
                GetObjectArgs.builder().bucket("infra-test").object("a.txt").build()).close())
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.errorResponse().code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void kafkaHasSpindlesTopicsWithTwelvePartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers()))) {
            var topics = admin.describeTopics(io.spindle.contract.pipeline.Topics.allWithDeadLetters())
                    .allTopicNames().get();
            assertThat(topics.keySet()).contains("task-reports", "task-events", "run-requests", "run-requests-dlq",
                    "task-cancellations").hasSize(io.spindle.contract.pipeline.Topics.allWithDeadLetters().size());
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(12));
        }
    }

    @Test
    void kafkaCarriesRecords() throws Exception {
        Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic("infra-test", 3, (short) 1))).all().get();
        }
        Properties producerProps = new Properties();
        producerProps.putAll(common);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps,
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("infra-test", "k", "v")).get();
        }
        Properties consumerProps = new Properties();
        consumerProps.putAll(common);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "infra-test");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps,
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("infra-test"));
            long deadline = System.currentTimeMillis() + 30_000;
            String value = null;
            while (value == null && System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    value = records.iterator().next().value();
                }
            }
            assertThat(value).isEqualTo("v");
        }
    }
}
