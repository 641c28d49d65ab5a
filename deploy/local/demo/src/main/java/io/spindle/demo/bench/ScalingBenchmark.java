package io.spindle.demo.bench;

import io.minio.UploadObjectArgs;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.contract.pipeline.TaskCommand;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskStatus;
import io.spindle.contract.pipeline.Topics;
import io.spindle.workerkit.media.Ffmpeg;
import io.spindle.workerkit.media.Subprocess;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code deploy/local/stack bench scaling}: a queue of short audio tasks, run with 1 and with 3 transcode-worker
 * instances (scaled with {@code deploy/local/stack scale}). For each it prints the partitions each instance
 * owns, the tasks it handled, how long the queue took to drain, and how long each instance sat idle while work
 * waited: work on its own partitions, and work anywhere. It reads the queue from {@code transcode-tasks} and
 * the outcome from the workers' {@code task-reports} (each report names its instance).
 *
 * <p>A measurement, not a test: on 2 cores CPU-bound transcodes cannot go much faster with more instances.
 * What it shows is the spread (partition counts differ by at most 1) and that no instance waits while its
 * partitions hold work.
 */
public final class ScalingBenchmark {

    private static final String WORKER = "transcode-worker";
    private static final String GROUP = "spindle-transcode-worker";
    private static final String BUCKET = "my-bucket";
    private static final String INPUT = "bench/tone-20s.wav";
    private static final int PER_RUN = 12;

    private final StackApi stack;
    private final Path command;

    private ScalingBenchmark(StackApi stack, Path command) {
        this.stack = stack;
        this.command = command;
    }

    /** Arguments: the stack's env file, the stack command, the instance counts (1,3), the number of tasks (24). */
    public static void main(String[] args) throws Exception {
        StackApi stack = new StackApi(Path.of(args[0]), Path.of(args[1]));
        List<Integer> counts = args.length > 2 ? List.of(args[2].split(",")).stream().map(Integer::valueOf).toList()
                : List.of(1, 3);
        int tasks = args.length > 3 ? Integer.parseInt(args[3]) : 24;
        // the stack's env file sits in its state directory, beside the worker counts the benchmark restores
        Properties scale = new Properties();
        Path counts0 = stack.stateDir.resolve("scale.properties");
        if (Files.exists(counts0)) {
            try (Reader r = Files.newBufferedReader(counts0)) {
                scale.load(r);
            }
        }
        int before = Integer.parseInt(scale.getProperty(WORKER, "1").trim());
        new ScalingBenchmark(stack, Path.of(args[1])).run(counts, tasks, before);
    }

    private void run(List<Integer> counts, int tasks, int before) throws Exception {
        String connection = prepareInput();
        List<Result> results = new ArrayList<>();
        for (int count : counts) {
            say("");
            say(tasks + " audio tasks (a 20 s tone to MP3) with " + WORKER + " × " + count);
            scale(count);
            Map<String, List<Integer>> partitions = awaitAssignment(count);
            say("  warming up (" + PER_RUN + " tasks, not counted: a fresh instance's first tasks load classes)");
            measure(connection, PER_RUN, partitions);
            Result result = measure(connection, tasks, partitions);
            result.print();
            results.add(result);
        }
        say("");
        say("summary");
        for (Result r : results) {
            say(String.format(Locale.ROOT, "  %d instance(s): drained %d tasks in %.1f s (%.1f tasks/s); partitions"
                    + " per instance %s; idle while own partitions had work: at most %.1f s", r.partitions.size(),
                    r.tasks, r.drain.toMillis() / 1000.0, r.tasks / (r.drain.toMillis() / 1000.0),
                    r.partitions.values().stream().map(List::size).toList(), r.maxIdleOwn() / 1000.0));
        }
        scale(before);
    }

    // --- setup ----------------------------------------------------------------------------------------------

    private String prepareInput() throws Exception {
        Path tone = Files.createTempDirectory("spindle-bench").resolve("tone-20s.wav");
        Subprocess.Result made = Subprocess.run(Ffmpeg.ffmpeg(), List.of("-y", "-v", "error", "-f", "lavfi", "-i",
                "sine=frequency=440:duration=20", tone.toString()), Duration.ofMinutes(1), 1024);
        if (made.exitCode() != 0) {
            throw new IllegalStateException("ffmpeg could not make the input: " + made.stderrTail());
        }
        String connection = stack.connection(BUCKET);
        stack.s3().uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object(INPUT).filename(tone.toString())
                .build());
        return connection;
    }

    private void scale(int count) throws Exception {
        Process scale = new ProcessBuilder(command.toString(), "scale", WORKER + "=" + count).inheritIO().start();
        if (scale.waitFor() != 0) {
            throw new IllegalStateException("'stack scale " + WORKER + "=" + count + "' failed");
        }
    }

    /** Waits until the group has {@code count} members that share all partitions; instance → partitions. */
    private Map<String, List<Integer>> awaitAssignment(int count) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (true) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get()
                        .get(GROUP);
                Map<String, List<Integer>> owned = new TreeMap<>();
                for (MemberDescription m : group.members()) {
                    owned.put(m.clientId(), m.assignment().topicPartitions().stream().map(TopicPartition::partition)
                            .sorted().toList());
                }
                int assigned = owned.values().stream().mapToInt(List::size).sum();
                if (owned.size() == count && assigned == Topics.PARTITIONS
                        && owned.values().stream().noneMatch(List::isEmpty)) {
                    return owned;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the consumer group did not settle: " + owned);
                }
                Thread.sleep(500);
            }
        }
    }

    // --- measurement ----------------------------------------------------------------------------------------

    private Result measure(String connection, int tasks, Map<String, List<Integer>> partitions) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (String topic : List.of(Topics.TRANSCODE_TASKS, Topics.TASK_REPORTS)) {
                consumer.partitionsFor(topic).forEach(p -> all.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(all);
            consumer.seekToEnd(all);
            all.forEach(consumer::position); // fix the start before anything is published

            for (int posted = 0; posted < tasks; posted += PER_RUN) {
                postRun(connection, Math.min(PER_RUN, tasks - posted));
            }
            Map<String, Queued> queued = new HashMap<>();
            Map<String, Instant> started = new HashMap<>();
            Map<String, TaskReport> ended = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            int lastShown = -1;
            while (ended.size() < tasks || queued.size() < tasks) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + ended.size() + " of " + tasks + " tasks ended in 10"
                            + " minutes");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(Topics.TRANSCODE_TASKS)) {
                        TaskCommand command = PipelineJson.read(record.value(), TaskCommand.class);
                        queued.put(command.taskId(), new Queued(Instant.ofEpochMilli(record.timestamp()),
                                record.partition()));
                        continue;
                    }
                    TaskReport report = PipelineJson.read(record.value(), TaskReport.class);
                    if (report.kind() == null || !report.kind().topic().equals(Topics.TRANSCODE_TASKS)) {
                        continue;
                    }
                    if (report.status() == TaskStatus.PROCESSING && report.progress() != null
                            && report.progress() == 0) {
                        started.putIfAbsent(report.taskId(), report.occurredAt());
                    } else if (report.status().isTerminal()) {
                        ended.put(report.taskId(), report);
                    }
                }
                if (ended.size() != lastShown && ended.size() % 6 == 0) {
                    say("  " + ended.size() + "/" + tasks + " done");
                    lastShown = ended.size();
                }
            }
            return new Result(partitions, tasks, queued, started, ended);
        }
    }

    private void postRun(String connection, int fanOut) throws Exception {
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (int i = 0; i < fanOut; i++) {
            outputs.add(Map.of("kind", "audio", "options", Map.of("format", "mp3")));
        }
        Map<String, Object> ingest = Map.of("kind", "ingest", "options", Map.of("connection_id", connection,
                "bucket", BUCKET, "key", INPUT), "next", outputs);
        stack.post("/runs", Map.of("tasks", List.of(ingest), "metadata", Map.of("benchmark", "scaling")));
    }

    record Queued(Instant at, int partition) {
    }

    /** What one configuration did. Busy spans run from a task's start to its end report. */
    static final class Result {
        final Map<String, List<Integer>> partitions;
        final int tasks;
        final Duration drain;
        final Map<String, Long> idleOwn = new TreeMap<>();
        final Map<String, Long> idleAny = new TreeMap<>();
        final Map<String, Integer> handled = new TreeMap<>();
        final Map<String, Long> busy = new TreeMap<>();

        Result(Map<String, List<Integer>> partitions, int tasks, Map<String, Queued> queued,
                Map<String, Instant> started, Map<String, TaskReport> ended) {
            this.partitions = partitions;
            this.tasks = tasks;
            Instant first = queued.values().stream().map(Queued::at).min(Instant::compareTo).orElseThrow();
            Instant last = ended.values().stream().map(TaskReport::occurredAt).max(Instant::compareTo).orElseThrow();
            drain = Duration.between(first, last);
            for (String instance : partitions.keySet()) {
                handled.put(instance, 0);
                busy.put(instance, 0L);
            }
            ended.forEach((id, report) -> {
                handled.merge(report.worker(), 1, Integer::sum);
                Instant from = started.getOrDefault(id, report.occurredAt());
                busy.merge(report.worker(), Duration.between(from, report.occurredAt()).toMillis(), Long::sum);
            });
            // walk the timeline in 10 ms steps: an instance is idle when it runs nothing; work waits when a task
            // is queued and not started
            for (long t = first.toEpochMilli(); t <= last.toEpochMilli(); t += 10) {
                Instant now = Instant.ofEpochMilli(t);
                List<Integer> waitingOn = new ArrayList<>();
                queued.forEach((id, q) -> {
                    Instant s = started.get(id);
                    if (!q.at().isAfter(now) && (s == null || s.isAfter(now))) {
                        waitingOn.add(q.partition());
                    }
                });
                for (Map.Entry<String, List<Integer>> owner : partitions.entrySet()) {
                    String instance = owner.getKey();
                    boolean running = ended.entrySet().stream().anyMatch(e -> instance.equals(e.getValue().worker())
                            && !started.getOrDefault(e.getKey(), e.getValue().occurredAt()).isAfter(now)
                            && e.getValue().occurredAt().isAfter(now));
                    if (running) {
                        continue;
                    }
                    if (!waitingOn.isEmpty()) {
                        idleAny.merge(instance, 10L, Long::sum);
                    }
                    if (waitingOn.stream().anyMatch(owner.getValue()::contains)) {
                        idleOwn.merge(instance, 10L, Long::sum);
                    }
                }
            }
        }

        /** {@code [0,1,2,3,8]} → {@code 0-3,8 (5)}. */
        static String ranges(List<Integer> sorted) {
            List<String> parts = new ArrayList<>();
            int i = 0;
            while (i < sorted.size()) {
                int j = i;
                while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                    j++;
                }
                parts.add(i == j ? sorted.get(i).toString() : sorted.get(i) + "-" + sorted.get(j));
                i = j + 1;
            }
            return String.join(",", parts) + " (" + sorted.size() + ")";
        }

        long maxIdleOwn() {
            return idleOwn.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }

        void print() {
            say(String.format(Locale.ROOT, "  %-22s %-24s %6s %8s %26s %22s", "instance", "partitions", "tasks",
                    "busy", "idle, own partitions wait", "idle, any work waits"));
            for (Map.Entry<String, List<Integer>> e : partitions.entrySet()) {
                String instance = e.getKey();
                say(String.format(Locale.ROOT, "  %-22s %-24s %6d %7.1fs %25.1fs %21.1fs", instance,
                        ranges(e.getValue()), handled.getOrDefault(instance, 0),
                        busy.getOrDefault(instance, 0L) / 1000.0, idleOwn.getOrDefault(instance, 0L) / 1000.0,
                        idleAny.getOrDefault(instance, 0L) / 1000.0));
            }
            say(String.format(Locale.ROOT, "  drained in %.1f s (first command queued to last task ended);"
                    + " partition counts differ by %d", drain.toMillis() / 1000.0,
                    partitions.values().stream().mapToInt(List::size).max().orElse(0)
                            - partitions.values().stream().mapToInt(List::size).min().orElse(0)));
        }
    }

    // --------------------------------------------------------------------------------------------------------

    private String bootstrap() {
        return stack.env.getProperty("SPINDLE_KAFKA_BOOTSTRAP_SERVERS");
    }

    private static void say(String line) {
        System.out.println("[bench] " + line);
        System.out.flush();
    }
}
