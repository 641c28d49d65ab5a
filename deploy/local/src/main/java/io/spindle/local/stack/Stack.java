package io.spindle.local.stack;

import io.spindle.local.InfraProcess;
import io.spindle.local.InfraSettings;
import io.spindle.local.Ports;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local stack's operations: bring it up, take it down, scale workers, stop and start one component, and
 * say how it stands. {@code deploy/local/stack} (bash) checks prerequisites and builds, then hands over here.
 */
final class Stack {

    static final List<String> DATABASES = List.of("spindle_connections", "spindle_gateway");
    /** A worker drains for up to 25 s on SIGTERM (spindle.worker.drain-timeout), then hands its tasks back. */
    static final Duration WORKER_GRACE = Duration.ofSeconds(45);
    static final Duration GRACE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StackFiles files;
    private final Map<String, String> env;
    private final PrintStream out;
    private final Supervisor supervisor;

    Stack(StackFiles files, Map<String, String> env, PrintStream out) {
        this.files = files;
        this.env = env;
        this.out = out;
        this.supervisor = new Supervisor(files, out);
    }

    // --- up -------------------------------------------------------------------------------------------------

    void up(boolean fresh) {
        if (fresh) {
            down();
            say("--fresh: removing data in " + files.data());
            deleteRecursively(files.data());
        }
        mkdirs();
        StackSettings settings = StackSettings.load(files, env);
        checkPortsFree(settings);
        settings.savePorts(files);
        startInfrastructure(settings, EnumSet.allOf(Component.class));
        for (Component service : Component.of(Component.Kind.SERVICE)) {
            startService(settings, service, 1);
        }
        startWorkers(settings, Instances.read(files));
        writeEnv(settings);
        printSummary(settings);
    }

    private void checkPortsFree(StackSettings settings) {
        for (Component c : Component.values()) {
            String instance = c.kind == Component.Kind.INFRA ? c.label() : Instances.name(c, 1);
            if (supervisor.running(instance).isEmpty()) {
                checkFree(settings.port(c), c.portVariable(), c.label());
                if (c == Component.KAFKA) {
                    checkFree(settings.kafkaControllerPort(), "SPINDLE_" + StackSettings.CONTROLLER_PORT_KEY,
                            "kafka's controller");
                }
            }
        }
    }

    private static void checkFree(int port, String variable, String what) {
        if (Ports.isListening("127.0.0.1", port)) {
            throw new StackException("port " + port + " (for " + what + ") is already in use: stop what uses it,"
                    + " or choose another port with " + variable + "=<port>");
        }
    }

    private void startInfrastructure(StackSettings settings, EnumSet<Component> wanted) {
        List<ProcessRecord> started = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Component c : Component.of(Component.Kind.INFRA)) {
            if (!wanted.contains(c)) {
                continue;
            }
            names.add(c.label());
            if (supervisor.running(c.label()).isPresent()) {
                continue;
            }
            InfraSettings infra = infraSettings(settings, c);
            try {
                Files.deleteIfExists(files.data().resolve(infra.readyFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            say("starting " + c.label() + " on :" + settings.port(c));
            started.add(supervisor.start(c.label(), c, settings.port(c),
                    InfraProcess.command(infra, infraHeap(c)), Map.of()));
        }
        if (started.isEmpty()) {
            say("infrastructure already running (" + String.join(", ", names) + ")");
            return;
        }
        String what = started.size() == 3 ? "postgres, s3 and kafka"
                : String.join(", ", started.stream().map(ProcessRecord::instance).toList());
        List<Path> readyFiles = started.stream()
                .map(r -> files.data().resolve(infraSettings(settings, r.component()).readyFile())).toList();
        supervisor.await(what, started, Duration.ofMinutes(3), () -> readyFiles.stream().allMatch(Files::exists));
    }

    private InfraSettings infraSettings(StackSettings settings, Component component) {
        return new InfraSettings(files.data(),
                EnumSet.of(InfraSettings.Component.valueOf(component.name())),
                settings.port(Component.KAFKA), settings.kafkaControllerPort(), settings.port(Component.S3),
                settings.port(Component.POSTGRES), settings.secret("SPINDLE_S3_ACCESS_KEY_ID"),
                settings.secret("SPINDLE_S3_SECRET_ACCESS_KEY"), DATABASES,
                "ready-" + component.label() + ".properties");
    }

    private static String infraHeap(Component component) {
        return switch (component) {
            case POSTGRES -> "160m"; // PostgreSQL itself runs as native processes; unpacking it takes heap
            case S3 -> "256m";
            default -> "384m";
        };
    }

    private void startWorkers(StackSettings settings, Map<Component, Integer> counts) {
        List<ProcessRecord> started = new ArrayList<>();
        for (Map.Entry<Component, Integer> e : counts.entrySet()) {
            for (int n = 1; n <= e.getValue(); n++) {
                ProcessRecord record = launch(settings, e.getKey(), n);
                if (record != null) {
                    started.add(record);
                }
            }
        }
        for (ProcessRecord record : started) {
            supervisor.await(record.instance(), record, Duration.ofMinutes(2), () -> ready(record.port()));
        }
    }

    private void startService(StackSettings settings, Component service, int number) {
        ProcessRecord record = launch(settings, service, number);
        if (record != null) {
            supervisor.await(record.instance(), record, Duration.ofMinutes(2), () -> ready(record.port()));
        }
    }

    /** Starts an instance unless it runs (and answers); returns its record when it was started. */
    private ProcessRecord launch(StackSettings settings, Component service, int number) {
        String instance = Instances.name(service, number);
        ProcessRecord running = supervisor.running(instance).orElse(null);
        if (running != null) {
            if (ready(running.port())) {
                say(instance + " already running (pid " + running.pid() + ")");
                return null;
            }
            supervisor.stop(running, service.isWorker() ? WORKER_GRACE : GRACE); // running but not answering
        }
        int port = number == 1 ? settings.port(service) : Ports.freePort();
        say("starting " + instance + " on :" + port);
        String heap = env.getOrDefault(service.isWorker() ? "SPINDLE_WORKER_HEAP" : "SPINDLE_SERVICE_HEAP", "256m");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", files.root().resolve(service.label() + "/target/quarkus-app/quarkus-run.jar")
                        .toString());
        return supervisor.start(instance, service, port, command, ServiceEnv.of(service, instance, port, settings));
    }

    static boolean ready(int port) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void writeEnv(StackSettings settings) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("SPINDLE_API_URL", "http://127.0.0.1:" + settings.port(Component.API_GATEWAY));
        facts.put("SPINDLE_API_KEY", settings.secret("SPINDLE_API_KEY"));
        facts.put("SPINDLE_PROJECT_ID", settings.secret("SPINDLE_PROJECT_ID"));
        facts.put("SPINDLE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + settings.port(Component.KAFKA));
        facts.put("SPINDLE_S3_ENDPOINT", "http://127.0.0.1:" + settings.port(Component.S3));
        facts.put("SPINDLE_S3_REGION", "us-east-1");
        facts.put("SPINDLE_S3_ACCESS_KEY_ID", settings.secret("SPINDLE_S3_ACCESS_KEY_ID"));
        facts.put("SPINDLE_S3_SECRET_ACCESS_KEY", settings.secret("SPINDLE_S3_SECRET_ACCESS_KEY"));
        StackFiles.write(files.file("env"), null, facts, true);
    }

    private void printSummary(StackSettings settings) {
        String workers = String.join(", ", Component.of(Component.Kind.WORKER).stream().map(w -> {
            List<ProcessRecord> running = supervisor.running(w);
            return w.label().replace("-worker", "") + " " + running.stream().map(r -> ":" + r.port()).toList()
                    .toString().replace("[", "").replace("]", "");
        }).toList());
        out.printf("""

                  Spindle is running.

                  API            http://127.0.0.1:%1$d   (OpenAPI UI: http://127.0.0.1:%1$d/q/swagger-ui)
                  API key        %2$s   (project %3$s)
                  Embedded S3    http://127.0.0.1:%4$d   region us-east-1 (stands in for your own bucket)
                    access key   %5$s
                    secret key   %6$s
                  Workers        %7$s (work bucket: spindle-work on the embedded S3)
                  Kafka          127.0.0.1:%8$d   (publish runs to run-requests, follow task-events)
                  PostgreSQL     127.0.0.1:%9$d

                  The same facts, as shell assignments: set -a; source %10$s; set +a
                  Stop with: deploy/local/stack down    Status: deploy/local/stack status
                  Scale a worker: deploy/local/stack scale transcode-worker=3
                """, settings.port(Component.API_GATEWAY), settings.secret("SPINDLE_API_KEY"),
                settings.secret("SPINDLE_PROJECT_ID"), settings.port(Component.S3),
                settings.secret("SPINDLE_S3_ACCESS_KEY_ID"), settings.secret("SPINDLE_S3_SECRET_ACCESS_KEY"), workers,
                settings.port(Component.KAFKA), settings.port(Component.POSTGRES), files.file("env"));
    }

    // --- down, stop, start ----------------------------------------------------------------------------------

    void down() {
        mkdirs();
        supervisor.stopAll(Component.of(Component.Kind.WORKER).stream().flatMap(w -> supervisor.running(w).stream())
                .toList(), WORKER_GRACE);
        // the rest in reverse start order
        for (Component c : List.of(Component.API_GATEWAY, Component.CONNECTION_SERVICE, Component.KAFKA,
                Component.S3, Component.POSTGRES)) {
            supervisor.running(c).forEach(r -> {
                say("stopping " + r.instance() + " (pid " + r.pid() + ") …");
                supervisor.stop(r, GRACE);
            });
        }
        say("stack is down (data kept in " + files.data() + "; 'up --fresh' starts empty)");
    }

    /** Stops every instance of one component, keeping its data: an outage on purpose. */
    void stop(Component component) {
        List<ProcessRecord> running = supervisor.running(component);
        if (running.isEmpty()) {
            say(component.label() + " is not running");
            return;
        }
        supervisor.stopAll(running, component.isWorker() ? WORKER_GRACE : GRACE);
    }

    /** Starts one component again (a worker with its instance count). */
    void start(Component component) {
        mkdirs();
        StackSettings settings = StackSettings.load(files, env);
        switch (component.kind) {
            case INFRA -> startInfrastructure(settings, EnumSet.of(component));
            case SERVICE -> startService(settings, component, 1);
            case WORKER -> startWorkers(settings, Map.of(component, Instances.read(files).get(component)));
        }
    }

    // --- scale ----------------------------------------------------------------------------------------------

    void scale(Map<Component, Integer> wanted) {
        mkdirs();
        Map<Component, Integer> counts = Instances.read(files);
        counts.putAll(wanted);
        Instances.write(files, counts);
        StackSettings settings = StackSettings.load(files, env);
        if (supervisor.running(Component.KAFKA.label()).isEmpty()) {
            say("the stack is not running: " + describe(wanted) + " will run from the next 'up'");
            return;
        }
        List<ProcessRecord> surplus = new ArrayList<>();
        for (Map.Entry<Component, Integer> e : wanted.entrySet()) {
            supervisor.running(e.getKey()).stream().filter(r -> Instances.number(r.instance()) > e.getValue())
                    .sorted(Comparator.comparingInt((ProcessRecord r) -> Instances.number(r.instance())).reversed())
                    .forEach(surplus::add);
        }
        if (!surplus.isEmpty()) {
            say("scaling in: each instance drains (up to 25 s) and hands back what it could not finish");
            supervisor.stopAll(surplus, WORKER_GRACE);
        }
        startWorkers(settings, wanted);
        say("now running: " + describe(wanted));
    }

    private String describe(Map<Component, Integer> counts) {
        return String.join(", ", counts.entrySet().stream().map(e -> e.getKey().label() + "=" + e.getValue())
                .toList());
    }

    /** Where the stack's Kafka listens. */
    String kafkaBootstrap() {
        return "127.0.0.1:" + StackSettings.load(files, env).port(Component.KAFKA);
    }

    // --- status ---------------------------------------------------------------------------------------------

    /** Prints each component and instance with its health; returns whether everything expected is healthy. */
    boolean status() {
        StackSettings settings = StackSettings.load(files, env);
        Map<Component, Integer> counts = Instances.read(files);
        out.println("Spindle local stack (" + files.run() + ")");
        List<StatusLine> lines = new ArrayList<>();
        for (Component c : Component.values()) {
            int expected = c.isWorker() ? counts.get(c) : 1;
            List<ProcessRecord> running = supervisor.running(c);
            for (int n = 1; n <= Math.max(expected, running.size()); n++) {
                String instance = c.kind == Component.Kind.INFRA ? c.label() : Instances.name(c, n);
                ProcessRecord record = supervisor.running(instance).orElse(null);
                int port = record != null ? record.port() : settings.port(c);
                boolean healthy = record != null && (c.kind == Component.Kind.INFRA
                        ? Ports.isListening("127.0.0.1", port) : ready(port));
                lines.add(new StatusLine(c, instance, record, port, healthy));
            }
        }
        Map<String, String> partitions = supervisor.running(Component.KAFKA.label()).isPresent()
                ? Partitions.owned("127.0.0.1:" + settings.port(Component.KAFKA)) : Map.of();
        boolean allHealthy = true;
        for (StatusLine line : lines) {
            allHealthy &= line.healthy();
            out.println(line.format(partitions.get(line.instance())));
        }
        outboxBacklog(settings.port(Component.API_GATEWAY)).ifPresent(n -> out.printf(
                "  %-22s %d command(s) and event(s) stored, not yet published to Kafka%n", "outbox", n));
        return allHealthy;
    }

    /** The gateway's {@code spindle_outbox_pending} gauge, when it answers. */
    static java.util.OptionalLong outboxBacklog(int gatewayPort) {
        try {
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + gatewayPort + "/q/metrics")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return metrics.body().lines().filter(l -> l.startsWith("spindle_outbox_pending"))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalLong.empty();
        }
    }

    private record StatusLine(Component component, String instance, ProcessRecord record, int port,
            boolean healthy) {
        String format(String partitions) {
            String state = record == null ? "stopped" : "running (pid " + record.pid() + ")";
            String address = component.kind == Component.Kind.INFRA ? "127.0.0.1:" + port
                    : "http://127.0.0.1:" + port;
            String line = String.format("  %-22s %-22s %-28s %s", instance, state, address,
                    healthy ? "healthy" : "DOWN");
            if (component.isWorker() && record != null) {
                line += "   " + component.topic + " " + (partitions == null ? "(no partitions)" : partitions);
            }
            return line;
        }
    }

    // --------------------------------------------------------------------------------------------------------

    private void mkdirs() {
        try {
            Files.createDirectories(files.logs());
            Files.createDirectories(files.procs());
            Files.createDirectories(files.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void say(String message) {
        out.println("[stack] " + message);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
