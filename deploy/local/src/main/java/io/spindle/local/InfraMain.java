package io.spindle.local;

import io.spindle.local.InfraSettings.Component;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import io.spindle.contract.pipeline.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * The infrastructure process of the local stack and of the tests: a real PostgreSQL (zonky's embedded
 * binaries), a real S3 API server (s3proxy on a filesystem backend, with signature checking) and a real
 * Apache Kafka broker in KRaft combined mode, all in one JVM, all from Maven Central.
 *
 * <p>Data lives under the state directory and survives restarts. When every requested component is up,
 * the facts clients need are written to {@code <state-dir>/ready.properties}; the process then runs until
 * it is terminated, and stops every component on the way out.
 */
public final class InfraMain {

    /** The file {@link InfraProcess} waits for, unless the settings name another. */
    public static final String READY_FILE = "ready.properties";

    private final InfraSettings settings;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private InfraMain(InfraSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        InfraMain main = new InfraMain(InfraSettings.fromArgs(args));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            main.stopAll();
            stopped.countDown();
        }, "infra-shutdown"));
        try {
            main.startAll();
        } catch (Throwable e) {
            log("FAILED: " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
        stopped.await();
    }

    private void startAll() throws Exception {
        Path state = settings.stateDir();
        Files.createDirectories(state);
        Files.deleteIfExists(state.resolve(settings.readyFile()));
        Properties ready = new Properties();
        if (settings.components().contains(Component.POSTGRES)) {
            timed("postgres", () -> startPostgres(state.resolve("postgres"), ready));
        }
        if (settings.components().contains(Component.S3)) {
            timed("s3", () -> startS3(state.resolve("s3"), ready));
        }
        if (settings.components().contains(Component.KAFKA)) {
            timed("kafka", () -> startKafka(state.resolve("kafka"), ready));
        }
        ready.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        Path tmp = state.resolve(settings.readyFile() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            ready.store(w, "Spindle local infrastructure");
        }
        Files.move(tmp, state.resolve(settings.readyFile()), StandardCopyOption.ATOMIC_MOVE);
        log("all components ready");
    }

    private void startPostgres(Path dir, Properties ready) throws Exception {
        Files.createDirectories(dir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setOverrideWorkingDirectory(dir.resolve("binaries").toFile())
                .setCleanDataDirectory(false)
                .setPort(settings.postgresPort())
                .setRegisterShutdownHook(false)
                .start();
        started.push(pg);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (String db : settings.databases()) {
                try (ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + db + "'")) {
                    if (!rs.next()) {
                        st.execute("create database \"" + db + "\"");
                    }
                }
            }
        }
        ready.setProperty("postgres.host", "127.0.0.1");
        ready.setProperty("postgres.port", Integer.toString(pg.getPort()));
        ready.setProperty("postgres.user", "postgres");
        ready.setProperty("postgres.password", "postgres");
    }

    private void startS3(Path dir, Properties ready) throws Exception {
        Files.createDirectories(dir.resolve("blobs"));
        String endpoint = "http://127.0.0.1:" + settings.s3Port();
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", endpoint);
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", settings.s3AccessKey());
        p.setProperty("s3proxy.credential", settings.s3SecretKey());
        p.setProperty("s3proxy.ignore-unknown-headers", "true");
        p.setProperty("jclouds.provider", "filesystem-nio2");
        p.setProperty("jclouds.identity", "local");
        p.setProperty("jclouds.credential", "local");
        p.setProperty("jclouds.filesystem.basedir", dir.resolve("blobs").toAbsolutePath().toString());
        Path conf = dir.resolve("s3proxy.conf");
        try (Writer w = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
            p.store(w, "generated by InfraMain");
        }
        // s3proxy's own entry point starts Jetty and returns. It also redirects System.out/err into SLF4J,
        // which loops forever with a console SLF4J binding: put the original streams back.
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            org.gaul.s3proxy.Main.main(new String[] {"--properties", conf.toAbsolutePath().toString()});
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        Ports.awaitListening("127.0.0.1", settings.s3Port(), 30_000);
        ready.setProperty("s3.endpoint", endpoint);
        ready.setProperty("s3.region", "us-east-1");
        ready.setProperty("s3.access-key", settings.s3AccessKey());
        ready.setProperty("s3.secret-key", settings.s3SecretKey());
    }

    private void startKafka(Path dir, Properties ready) throws Exception {
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        int port = settings.kafkaPort();
        int controller = settings.kafkaControllerPort();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logs.toAbsolutePath().toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "12");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "12");
        p.setProperty("log.cleaner.dedupe.buffer.size", "4194304");
        Path conf = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
            p.store(w, "generated by InfraMain");
        }
        Path clusterIdFile = dir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(clusterIdFile).trim();
        int rc = StorageTool.execute(new String[] {
            "format", "--cluster-id", clusterId, "--config", conf.toAbsolutePath().toString(), "--ignore-formatted"
        }, new PrintStream(OutputStream.nullOutputStream()));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed with exit code " + rc);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        started.push(() -> {
            server.shutdown();
            server.awaitShutdown();
        });
        Ports.awaitListening("127.0.0.1", port, 60_000);
        createTopics("127.0.0.1:" + port);
        ready.setProperty("kafka.bootstrap-servers", "127.0.0.1:" + port);
    }

    /** Spindle's topics and their dead-letter topics, as Strimzi's KafkaTopic resources declare them on Kubernetes. */
    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = Topics.allWithDeadLetters().stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Topics.PARTITIONS, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                log("created topics " + missing.stream().map(NewTopic::name).toList());
            }
        }
    }

    private void stopAll() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                log("error while stopping: " + e);
            }
        }
        log("stopped");
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void timed(String component, Step step) throws Exception {
        long t0 = System.nanoTime();
        log("starting " + component + " …");
        step.run();
        log(component + " ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    static void log(String message) {
        System.out.println("[infra] " + message);
        System.out.flush();
    }
}
