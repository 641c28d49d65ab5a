package io.spindle.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.restassured.specification.RequestSpecification;
import io.spindle.local.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@code deploy/local/stack up} for all the system tests (on free ports, in a scratch directory), shut
 * down with {@code stack down} when the last test class has run. Test classes get it as a parameter of their
 * {@code @BeforeAll} method through {@link Extension}.
 */
final class LocalStack implements ExtensionContext.Store.CloseableResource {

    static final Path ROOT = Path.of(System.getProperty("spindle.root", "..")).toAbsolutePath().normalize();
    static final Path STACK = ROOT.resolve("deploy/local/stack");
    /** A second project, with a key of its own, that the tests keep without connections. */
    static final String OTHER_PROJECT = "prj_otherproject0001";
    static final String OTHER_KEY = "other-project-key-0123456789abcdef";

    final Map<String, String> env = new HashMap<>();
    /** Where RunsIT's second S3 server (a customer's other storage) listens. */
    static final int SECOND_S3_PORT = Ports.freePort();

    final Path dir;
    final Map<String, String> facts;
    final String upOutput;

    private LocalStack() throws IOException {
        dir = ROOT.resolve("system-tests/target/stack-run");
        deleteRecursively(dir);
        env.put("SPINDLE_STACK_DIR", dir.toString());
        env.put("SPINDLE_SKIP_BUILD", "1"); // Maven built the jars this run
        for (String port : List.of("API", "CONNECTIONS", "INGEST", "TRANSCODE", "UPLOAD", "S3", "KAFKA",
                "KAFKA_CONTROLLER", "POSTGRES")) {
            env.put("SPINDLE_" + port + "_PORT", Integer.toString(Ports.freePort()));
        }
        env.put("SPINDLE_EXTRA_API_KEYS", OTHER_PROJECT + ":" + OTHER_KEY);
        // RunsIT's second storage, started later on this port, must pass the stack's address policy
        env.put("SPINDLE_EXTRA_OUTBOUND_ALLOW", "127.0.0.1:" + SECOND_S3_PORT);
        env.put("SPINDLE_WORKER_HEAP", "128m"); // media must stream: the workers get a small heap
        // SIGTERM mid-transcode must exercise the hand-back (WorkerFaultsIT): no transcode finishes in 3 s
        env.put("SPINDLE_WORKER_DRAIN_TIMEOUT", "3s");
        env.put("SPINDLE_DEAD_LETTERS_INTERVAL", "2s"); // DeadLettersIT reads the gauges soon after a dead letter

        Command.Result up = stack("up").run(Duration.ofMinutes(5));
        upOutput = up.output();
        assertThat(up.exitCode()).as(up.output()).isZero();
        facts = readEnv(dir.resolve("env"));
    }

    @Override
    public void close() {
        Command.Result down = stack("down").run(Duration.ofMinutes(2));
        assertThat(down.exitCode()).as(down.output()).isZero();
    }

    Command stack(String... args) {
        return stack(Map.of(), args);
    }

    /** {@code deploy/local/stack} with more settings in its environment (what it starts inherits them). */
    Command stack(Map<String, String> settings, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(STACK.toString());
        argv.addAll(List.of(args));
        Map<String, String> all = new HashMap<>(env);
        all.putAll(settings);
        return new Command(argv, all, ROOT);
    }

    /** An instance's log file. */
    Path log(String instance) {
        return dir.resolve("logs").resolve(instance + ".log");
    }

    /** The pid of a component or worker instance the stack started. */
    long pid(String instance) {
        return Long.parseLong(readEnv(dir.resolve("procs/" + instance + ".properties")).get("pid"));
    }

    /** The keys below {@code prefix} in a bucket of the embedded S3 server. */
    List<String> objects(String bucket, String prefix) {
        return java.util.stream.StreamSupport.stream(s3().listObjects(io.minio.ListObjectsArgs.builder().bucket(bucket)
                .prefix(prefix).recursive(true).build()).spliterator(), false).map(r -> {
                    try {
                        return r.get().objectName();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).toList();
    }

    /** The public API, as the stack's own project. */
    RequestSpecification api() {
        return given().baseUri(facts.get("SPINDLE_API_URL"))
                .header("Authorization", "Bearer " + facts.get("SPINDLE_API_KEY"))
                .contentType("application/json");
    }

    /** The embedded S3 server, with the credentials the stack printed. */
    MinioClient s3() {
        return MinioClient.builder().endpoint(facts.get("SPINDLE_S3_ENDPOINT"))
                .credentials(facts.get("SPINDLE_S3_ACCESS_KEY_ID"), facts.get("SPINDLE_S3_SECRET_ACCESS_KEY"))
                .region(facts.get("SPINDLE_S3_REGION")).build();
    }

    String kafkaBootstrapServers() {
        return "127.0.0.1:" + env.get("SPINDLE_KAFKA_PORT");
    }

    /** Every record value a topic holds now, as text (read from the beginning, with no consumer group). */
    List<String> values(String topic) {
        return records(topic).stream().map(r -> r.value() == null ? ""
                : new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    /** Every record a topic holds now (read from the beginning, with no consumer group). */
    List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records(String topic) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of("bootstrap.servers",
                        kafkaBootstrapServers()), new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("reading " + topic + " took over 60 s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /** The generated secrets of the stack: internal token, encryption keys, the project id and its key. */
    Map<String, String> secrets() {
        return readEnv(dir.resolve("secrets.env"));
    }

    /** A connection of the stack's project to the embedded S3 server, with the stack's own keys. */
    String connectionToItsS3(String name) {
        return api().body(Map.of("name", name, "kind", "s3", "endpoint", facts.get("SPINDLE_S3_ENDPOINT"), "region",
                "us-east-1", "access_key_id", facts.get("SPINDLE_S3_ACCESS_KEY_ID"), "secret_access_key",
                facts.get("SPINDLE_S3_SECRET_ACCESS_KEY"))).post("/connections").then().statusCode(201).extract()
                .path("id");
    }

    static void ensureBucket(MinioClient s3, String bucket) throws Exception {
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
    }

    static Map<String, String> readEnv(Path file) {
        try {
            Properties p = new Properties();
            try (var reader = Files.newBufferedReader(file)) {
                p.load(reader);
            }
            Map<String, String> values = new HashMap<>();
            p.forEach((k, v) -> values.put((String) k, (String) v));
            return values;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Starts the stack once, for the whole run, and hands it to {@code @BeforeAll} methods. */
    static final class Extension implements BeforeAllCallback, ParameterResolver {

        @Override
        public void beforeAll(ExtensionContext context) {
            shared(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LocalStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return shared(context);
        }

        private static LocalStack shared(ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(LocalStack.class, key -> {
                        try {
                            return new LocalStack();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }, LocalStack.class);
        }
    }
}
