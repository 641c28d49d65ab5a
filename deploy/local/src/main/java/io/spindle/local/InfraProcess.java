package io.spindle.local;

import io.spindle.local.InfraSettings.Component;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link InfraMain} as a separate JVM and waits until it is ready. The infrastructure's own
 * dependencies (Kafka's broker, s3proxy, zonky) stay out of the caller's classpath: callers need only this
 * module's jar, and the process runs on {@code deploy/local/target/lib} (made by {@code mvn package}).
 *
 * <p>Used by the tests of every service (through a test resource) and by the system tests.
 */
public final class InfraProcess implements AutoCloseable {

    /** Environment variable that overrides where the infrastructure's jars are. */
    public static final String CLASSPATH_ENV = "SPINDLE_INFRA_CLASSPATH";

    private final Process process;
    private final Properties facts;

    private InfraProcess(Process process, Properties facts) {
        this.process = process;
        this.facts = facts;
    }

    /**
     * Starts the given components on free ports, with a throw-away state directory under {@code workDir}
     * and random S3 credentials.
     */
    public static InfraProcess startEphemeral(Path workDir, Set<Component> components, List<String> databases) {
        return startEphemeral(workDir, components, databases, Ports.freePort());
    }

    /** The same, with S3 on {@code s3Port}: a port an address policy was told about before the server existed. */
    public static InfraProcess startEphemeral(Path workDir, Set<Component> components, List<String> databases,
            int s3Port) {
        try {
            Files.createDirectories(workDir);
            Path stateDir = Files.createTempDirectory(workDir, "infra-");
            InfraSettings settings = new InfraSettings(stateDir, EnumSet.copyOf(components),
                    Ports.freePort(), Ports.freePort(), s3Port, Ports.freePort(),
                    "test-" + UUID.randomUUID().toString().substring(0, 8),
                    UUID.randomUUID().toString().replace("-", ""),
                    databases);
            return start(settings, stateDir.resolve("infra.log"), Duration.ofMinutes(3));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the infrastructure process and blocks until it has written its ready file. */
    public static InfraProcess start(InfraSettings settings, Path logFile, Duration timeout) {
        try {
            Files.createDirectories(settings.stateDir());
            Path readyFile = settings.stateDir().resolve(settings.readyFile());
            Files.deleteIfExists(readyFile);
            List<String> command = command(settings, "768m");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.exists(readyFile)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the infrastructure process exited with code "
                            + process.exitValue() + "; see " + logFile);
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the infrastructure was not ready within " + timeout
                            + "; see " + logFile);
                }
                Thread.sleep(100);
            }
            Properties facts = new Properties();
            try (Reader r = Files.newBufferedReader(readyFile, StandardCharsets.UTF_8)) {
                facts.load(r);
            }
            return new InfraProcess(process, facts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The command line of an infrastructure JVM with the given heap. */
    public static List<String> command(InfraSettings settings, String heap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(classpath());
        command.add(InfraMain.class.getName());
        command.addAll(settings.toArgs());
        return command;
    }

    /** The classpath of the infrastructure process: this module's classes plus {@code target/lib/*}. */
    static String classpath() {
        String override = System.getenv(CLASSPATH_ENV);
        if (override != null && !override.isBlank()) {
            return override;
        }
        try {
            Path self = Path.of(InfraProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // self is target/classes or target/local-infra-<version>.jar; either way lib/ is beside it
            Path lib = self.getParent().resolve("lib");
            if (!Files.isDirectory(lib)) {
                throw new IllegalStateException("the infrastructure's jars are not at " + lib
                        + ": build them with 'mvn -pl deploy/local package' (or set " + CLASSPATH_ENV + ")");
            }
            return self + java.io.File.pathSeparator + lib + java.io.File.separator + "*";
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The infrastructure JVM's pid (tests pause it with SIGSTOP to make an outage). */
    public long pid() {
        return process.pid();
    }

    public String kafkaBootstrapServers() {
        return fact("kafka.bootstrap-servers");
    }

    public String s3Endpoint() {
        return fact("s3.endpoint");
    }

    public String s3Region() {
        return fact("s3.region");
    }

    public String s3AccessKey() {
        return fact("s3.access-key");
    }

    public String s3SecretKey() {
        return fact("s3.secret-key");
    }

    public int postgresPort() {
        return Integer.parseInt(fact("postgres.port"));
    }

    public String postgresUser() {
        return fact("postgres.user");
    }

    public String postgresPassword() {
        return fact("postgres.password");
    }

    /** A reactive PostgreSQL URL for one of the databases this process created. */
    public String postgresReactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + postgresPort() + "/" + database;
    }

    public String postgresJdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort() + "/" + database;
    }

    private String fact(String name) {
        String value = facts.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not known: was its component started?");
        }
        return value;
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the shutdown hook stops PostgreSQL, Kafka and S3 cleanly
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
