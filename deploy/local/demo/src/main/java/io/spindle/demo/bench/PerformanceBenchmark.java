package io.spindle.demo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.spindle.workerkit.media.Ffmpeg;
import io.spindle.workerkit.media.Subprocess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code deploy/local/stack bench [e2e|handoff|api|memory|all]}: where Spindle stands on the machine it runs on,
 * one line per figure, with the reference and the ratio where there is one. A measurement, not a test: it asserts
 * nothing and prints what it measured next to the targets.
 *
 * <ul>
 * <li>{@code e2e}: a 1080p H.264 clip with audio, over http, to a 1280-wide MP4 at a destination, against the
 * bundled ffmpeg running the transcode worker's very arguments (from its log) on the local file; alternating
 * rounds, medians.
 * <li>{@code handoff}: from a task's {@code finished_at} to its child's {@code started_at} (the workers' clocks:
 * when the one reported its end and the other its start), over short audio runs (ingest, audio, upload) and the
 * e2e runs. Before e2e or handoff, a few short runs warm a fresh stack up and are not counted.
 * <li>{@code api}: wrk against {@code POST /tasks} and {@code GET /tasks/{id}} at 16 connections, after a warm-up,
 * with the workers stopped (the figure is the gateway's, not the workers' on the same cores). The tasks point at a
 * file that is not there: once the workers are back, they fail at once, and the benchmark waits until all have
 * ended so that no backlog is left for the next figure.
 * <li>{@code memory}: 10 MiB and 1 GiB through ingest (http) and upload, no transcode, at {@code -Xmx128m}:
 * each worker's peak RSS (restarted before each size) and MB/s, beside a plain loopback GET of the same file.
 * </ul>
 */
public final class PerformanceBenchmark {

    private static final String BUCKET = "my-bucket";
    private static final int CONNECTIONS = 16;
    /** The part size of the workers' multipart uploads (spindle.upload.part-size, spindle.work-storage.part-size). */
    private static final long PART_SIZE = 16L << 20;
    private static final Pattern FFMPEG_LINE = Pattern.compile("task (task_\\w+): ffmpeg (.*)$");

    private final StackApi stack;
    private final Path work;
    private final FileServer files;
    private static final int WARM_UP_RUNS = 3;
    private final List<Long> handoffs = new ArrayList<>();
    private String connection;

    private PerformanceBenchmark(StackApi stack, Path work) throws IOException {
        this.stack = stack;
        this.work = work;
        this.files = new FileServer(work);
    }

    /** Arguments: the stack's env file, the stack command, the figures (e2e,handoff,api,memory or all). */
    public static void main(String[] args) throws Exception {
        StackApi stack = new StackApi(Path.of(args[0]), Path.of(args[1]));
        List<String> figures = args.length < 3 || args[2].equals("all") ? List.of("e2e", "handoff", "memory", "api")
                : Arrays.asList(args[2].split(","));
        Path work = Files.createDirectories(stack.stateDir.resolve("bench"));
        PerformanceBenchmark bench = new PerformanceBenchmark(stack, work);
        try {
            say("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                    + System.getProperty("java.version") + "; " + Instant.now());
            bench.connection = stack.connection(BUCKET);
            if (figures.contains("e2e") || figures.contains("handoff")) {
                bench.warmUp(WARM_UP_RUNS);
            }
            for (String figure : figures) {
                switch (figure) {
                    case "e2e" -> bench.e2e(Integer.parseInt(System.getenv().getOrDefault("SPINDLE_BENCH_CLIP_SECONDS",
                            "60")), Integer.parseInt(System.getenv().getOrDefault("SPINDLE_BENCH_ROUNDS", "3")));
                    case "handoff" -> bench.handoff(Integer.parseInt(System.getenv().getOrDefault(
                            "SPINDLE_BENCH_HANDOFF_RUNS", "30")));
                    case "api" -> bench.api();
                    case "memory" -> bench.memory();
                    default -> throw new IllegalArgumentException("unknown figure '" + figure
                            + "': e2e, handoff, api, memory or all");
                }
            }
        } finally {
            bench.files.close();
        }
    }

    // --- e2e ------------------------------------------------------------------------------------------------

    private void e2e(int seconds, int rounds) throws Exception {
        Path clip = work.resolve("clip-1080p-" + seconds + "s.mp4");
        if (!Files.exists(clip)) {
            say("e2e: making a " + seconds + " s 1080p H.264 clip with audio (once; kept in " + work + ") …");
            ffmpeg(List.of("-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration="
                    + seconds, "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds, "-c:v", "libx264",
                    "-preset", "ultrafast", "-b:v", "15M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                    clip.toString()), Duration.ofMinutes(10));
        }
        say(String.format(Locale.ROOT, "e2e: %d rounds of the %.0f MB clip to a 1280-wide MP4, Spindle and ffmpeg"
                + " alternating …", rounds, Files.size(clip) / 1e6));
        List<Double> spindle = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        Map<String, List<Double>> steps = new LinkedHashMap<>();
        List<String> args = null;
        for (int round = 1; round <= rounds; round++) {
            // Spindle first in round 1 (its log gives ffmpeg's arguments), then the order alternates
            boolean spindleFirst = round % 2 == 1;
            for (int leg = 0; leg < 2; leg++) {
                if ((leg == 0) == spindleFirst) {
                    JsonNode run = spindleE2e(clip, round);
                    spindle.add(seconds(StackApi.instant(run.path("created_at")), StackApi.instant(
                            run.path("finished_at"))));
                    for (JsonNode task : run.path("tasks")) {
                        steps.computeIfAbsent(task.path("kind").asText(), k -> new ArrayList<>()).add(seconds(
                                StackApi.instant(task.path("started_at")), StackApi.instant(task.path("finished_at"))));
                    }
                    collectHandoffs(run);
                    if (args == null) {
                        args = transcodeArguments(run);
                    }
                } else {
                    raw.add(rawFfmpeg(args, clip));
                }
            }
            say(String.format(Locale.ROOT, "  round %d: Spindle %.1f s, ffmpeg %.1f s", round, spindle.get(spindle.size() - 1),
                    raw.get(raw.size() - 1)));
        }
        double s = median(spindle);
        double r = median(raw);
        figure("e2e", String.format(Locale.ROOT, "Spindle %.1f s, bundled ffmpeg %.1f s (medians of %d): %.2f×"
                + " (target ≤ 1.15×)", s, r, rounds, s / r), s / r <= 1.15);
        StringBuilder per = new StringBuilder();
        steps.forEach((kind, d) -> per.append(String.format(Locale.ROOT, "%s %.1f s, ", kind, median(d))));
        say("  per step (medians): " + per.substring(0, per.length() - 2));
    }

    private JsonNode spindleE2e(Path clip, int round) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", files.url(clip.getFileName().toString()));
        body.put("kind", "video");
        body.put("options", Map.of("width", 1280, "format", "mp4"));
        body.put("connection_id", connection);
        body.put("destination", "s3://" + BUCKET + "/bench/e2e-" + round + ".mp4");
        JsonNode task = stack.post("/tasks", body);
        JsonNode run = stack.awaitRun(task.path("run_id").asText(), Duration.ofMinutes(15));
        if (!run.path("status").asText().equals("succeeded")) {
            throw new IllegalStateException("the e2e run " + run.path("id").asText() + " ended "
                    + run.path("status").asText() + ": " + run.path("error"));
        }
        return run;
    }

    /** The arguments the transcode worker gave ffmpeg for the run's video task, from its log line. */
    private List<String> transcodeArguments(JsonNode run) throws IOException {
        String video = null;
        for (JsonNode task : run.path("tasks")) {
            if (task.path("kind").asText().equals("video")) {
                video = task.path("id").asText();
            }
        }
        Path log = stack.stateDir.resolve("logs").resolve("transcode-worker.log");
        for (String line : Files.readAllLines(log)) {
            Matcher m = FFMPEG_LINE.matcher(line);
            if (m.find() && m.group(1).equals(video)) {
                return List.of(m.group(2).split(" "));
            }
        }
        throw new IllegalStateException("no ffmpeg line for task " + video + " in " + log);
    }

    private double rawFfmpeg(List<String> workerArgs, Path clip) throws Exception {
        Path out = work.resolve("raw-out.mp4");
        List<String> args = new ArrayList<>(workerArgs);
        args.replaceAll(a -> a.equals("<input>") ? clip.toString() : a);
        int protocols = args.indexOf("-protocol_whitelist"); // the worker reads over http(s), this one a local file
        if (protocols >= 0) {
            args.set(protocols + 1, "file");
        }
        args.set(args.size() - 1, out.toString()); // the output: the worker's scratch file, here a file of ours
        long started = System.nanoTime();
        ffmpeg(args, Duration.ofMinutes(15));
        double took = (System.nanoTime() - started) / 1e9;
        Files.deleteIfExists(out);
        return took;
    }

    // --- handoff --------------------------------------------------------------------------------------------

    /** Short runs whose figures are not kept: a stack just started loads classes and compiles its hot paths. */
    private void warmUp(int runs) throws Exception {
        say("warming up: " + runs + " short audio runs, not counted (a fresh stack's first runs load classes and"
                + " compile) …");
        for (int i = 0; i < runs; i++) {
            shortRun("warm-up-" + i);
        }
    }

    private void handoff(int runs) throws Exception {
        say("handoff: " + runs + " short audio runs (ingest → audio → upload), one after the other …");
        for (int i = 0; i < runs; i++) {
            collectHandoffs(shortRun("handoff-" + i));
        }
        List<Long> sorted = handoffs.stream().sorted().toList();
        long p50 = percentile(sorted, 50);
        long p99 = percentile(sorted, 99);
        figure("handoff", String.format(Locale.ROOT, "p50 %d ms, p99 %d ms, max %d ms over %d hand-offs (targets"
                + " p50 ≤ 20 ms, p99 ≤ 100 ms)", p50, p99, sorted.get(sorted.size() - 1), sorted.size()), p50 <= 20 && p99 <= 100);
    }

    /** A run of a 2 s tone through ingest, audio (to MP3) and upload, waited for. */
    private JsonNode shortRun(String name) throws Exception {
        Path tone = work.resolve("tone-2s.wav");
        if (!Files.exists(tone)) {
            ffmpeg(List.of("-y", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
                    tone.toString()), Duration.ofMinutes(1));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", files.url(tone.getFileName().toString()));
        body.put("kind", "audio");
        body.put("options", Map.of("format", "mp3"));
        body.put("connection_id", connection);
        body.put("destination", "s3://" + BUCKET + "/bench/" + name + ".mp3");
        JsonNode task = stack.post("/tasks", body);
        return stack.awaitRun(task.path("run_id").asText(), Duration.ofMinutes(2));
    }

    private void collectHandoffs(JsonNode run) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        run.path("tasks").forEach(t -> byId.put(t.path("id").asText(), t));
        for (JsonNode task : byId.values()) {
            JsonNode parent = byId.get(task.path("parent_id").asText());
            Instant started = StackApi.instant(task.path("started_at"));
            if (parent != null && started != null) {
                handoffs.add(Duration.between(StackApi.instant(parent.path("finished_at")), started).toMillis());
            }
        }
    }

    // --- api ------------------------------------------------------------------------------------------------

    private void api() throws Exception {
        Path scripts = Files.createDirectories(work.resolve("wrk"));
        Path post = scripts.resolve("post.lua");
        Files.writeString(post, """
                wrk.method = "POST"
                wrk.body = '{"url":"%s","kind":"video","options":{"width":320,"format":"mp4"}}'
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["Authorization"] = "Bearer %s"
                """.formatted(files.url("not-there.mp4"), stack.key()));
        Path get = scripts.resolve("get.lua");
        Files.writeString(get, "wrk.headers[\"Authorization\"] = \"Bearer " + stack.key() + "\"\n");
        say("api: stopping the workers (the figure is the gateway's; they fail the tasks afterwards) …");
        // interrupted (Ctrl-C, SIGTERM) while they are stopped: the stack gets its workers back all the same
        Thread restore = new Thread(this::startWorkers, "bench-restore-workers");
        Runtime.getRuntime().addShutdownHook(restore);
        try {
            for (String worker : StackApi.WORKERS) {
                stack.stack(Map.of(), "stop", worker);
            }
            String id = stack.post("/tasks", Map.of("url", files.url("not-there.mp4"), "kind", "video"))
                    .path("id").asText();
            say("api: warming up (20 s of POST, 10 s of GET, not counted: the JIT compiles the hot paths) …");
            wrk(post, "/tasks", 20);
            wrk(get, "/tasks/" + id, 10);
            Wrk reads = wrk(get, "/tasks/" + id, 15);
            Wrk writes = wrk(post, "/tasks", 15);
            figure("api POST", String.format(Locale.ROOT, "%.0f accepted/s, p50 %.1f ms, p99 %.1f ms, %d errors"
                    + " (%d connections; targets ≥ 1000/s, p99 ≤ 50 ms)", writes.accepted(), writes.p50, writes.p99,
                    writes.errors, CONNECTIONS), writes.accepted() >= 1000 && writes.p99 <= 50);
            figure("api GET", String.format(Locale.ROOT, "%.0f/s, p50 %.1f ms, p99 %.1f ms, %d errors (target"
                    + " ≥ 3000/s)", reads.accepted(), reads.p50, reads.p99, reads.errors), reads.accepted() >= 3000);
        } finally {
            Runtime.getRuntime().removeShutdownHook(restore);
            startWorkers();
        }
        drain();
    }

    private void startWorkers() {
        for (String worker : StackApi.WORKERS) {
            try {
                stack.stack(Map.of(), "start", worker);
            } catch (IOException | InterruptedException | IllegalStateException e) {
                say("WARNING: " + worker + " did not start again (" + e.getMessage() + "): deploy/local/stack start "
                        + worker);
            }
        }
    }

    /** Waits until no task of the project is waiting, queued or processing (the api figure's tasks all failed). */
    private void drain() throws Exception {
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(15).toNanos();
        long shown = 0;
        while (true) {
            boolean busy = false;
            for (String status : List.of("queued", "waiting", "processing")) {
                busy |= stack.get("/tasks?limit=1&status=" + status).path("data").size() > 0;
            }
            long now = System.nanoTime();
            if (!busy) {
                say(String.format(Locale.ROOT, "  the api figure's tasks have all ended (%.0f s after the workers"
                        + " came back)", (now - started) / 1e9));
                return;
            }
            if (now > deadline) {
                say("  WARNING: tasks are still unfinished after 15 min; the next figures may be distorted");
                return;
            }
            if (now - shown > Duration.ofSeconds(10).toNanos()) {
                say(String.format(Locale.ROOT, "  waiting for the api figure's tasks to end (%.0f s) …",
                        (now - started) / 1e9));
                shown = now;
            }
            Thread.sleep(1000);
        }
    }

    private record Wrk(long requests, long errors, double seconds, double p50, double p99) {
        double accepted() {
            return (requests - errors) / seconds;
        }
    }

    private Wrk wrk(Path script, String path, int seconds) throws Exception {
        Process wrk;
        try {
            wrk = new ProcessBuilder("wrk", "-t2", "-c" + CONNECTIONS, "-d" + seconds + "s", "--latency", "-s",
                    script.toString(), stack.url() + path).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed (Debian: apt-get install wrk)", e);
        }
        String out = new String(wrk.getInputStream().readAllBytes());
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher total = Pattern.compile("(\\d+) requests in ([\\d.]+)(\\w+)").matcher(out);
        if (!total.find()) {
            throw new IllegalStateException("cannot read wrk's output: " + out);
        }
        double took = Double.parseDouble(total.group(2)) * (total.group(3).equals("m") ? 60 : 1);
        long errors = 0;
        for (String pattern : List.of("Non-2xx or 3xx responses: (\\d+)", "timeout (\\d+)")) {
            Matcher m = Pattern.compile(pattern).matcher(out);
            if (m.find()) {
                errors += Long.parseLong(m.group(1));
            }
        }
        return new Wrk(Long.parseLong(total.group(1)), errors, took, latency(out, "50%"), latency(out, "99%"));
    }

    private static double latency(String wrkOutput, String percentile) {
        Matcher m = Pattern.compile(Pattern.quote(percentile) + "\\s+([\\d.]+)(us|ms|s)").matcher(wrkOutput);
        if (!m.find()) {
            throw new IllegalStateException("no " + percentile + " latency in wrk's output: " + wrkOutput);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    // --- memory and bytes -----------------------------------------------------------------------------------

    private void memory() throws Exception {
        long small = 10L << 20;
        long large = 1L << 30;
        Map<String, long[]> peaks = new LinkedHashMap<>();
        double[] rates = new double[2];
        int i = 0;
        for (long size : List.of(small, large)) {
            Path file = work.resolve("noise-" + (size >> 20) + "MiB.wav");
            if (!Files.exists(file) || Files.size(file) != size) {
                writeWav(file, size);
            }
            say(String.format(Locale.ROOT, "memory: %d MiB through ingest (http) and upload at -Xmx128m"
                    + " (workers restarted first) …", size >> 20));
            for (String worker : List.of("ingest-worker", "upload-worker")) {
                stack.stack(Map.of(), "stop", worker);
                stack.stack(Map.of("SPINDLE_WORKER_HEAP", "128m"), "start", worker);
            }
            Map<String, Object> upload = Map.of("kind", "upload", "options", Map.of("connection_id", connection,
                    "bucket", BUCKET, "key", "bench/noise-" + (size >> 20) + "MiB.wav"));
            Map<String, Object> ingest = Map.of("kind", "ingest", "options", Map.of("url", files.url(
                    file.getFileName().toString())), "next", List.of(upload));
            JsonNode run = stack.awaitRun(stack.post("/runs", Map.of("tasks", List.of(ingest))).path("id").asText(),
                    Duration.ofMinutes(30));
            if (!run.path("status").asText().equals("succeeded")) {
                throw new IllegalStateException("the memory run ended " + run.path("status").asText() + ": "
                        + run.path("error"));
            }
            double took = seconds(StackApi.instant(run.path("created_at")), StackApi.instant(run.path("finished_at")));
            rates[i] = size / 1e6 / took;
            for (String worker : List.of("ingest-worker", "upload-worker")) {
                peaks.computeIfAbsent(worker, w -> new long[2])[i] = peakRssKib(stack.pid(worker));
            }
            say(String.format(Locale.ROOT, "  %d MiB moved in %.1f s (%.0f MB/s)", size >> 20, took, rates[i]));
            i++;
        }
        for (String worker : List.of("ingest-worker", "upload-worker")) { // back to the stack's own heap setting
            stack.stack(Map.of(), "stop", worker);
            stack.stack(Map.of(), "start", worker);
        }
        for (Map.Entry<String, long[]> e : peaks.entrySet()) {
            double ratio = (double) e.getValue()[1] / e.getValue()[0];
            figure("memory " + e.getKey(), String.format(Locale.ROOT, "peak RSS %d MiB moving 10 MiB, %d MiB moving"
                    + " 1 GiB: %.2f× (target ≤ 1.2×)", e.getValue()[0] >> 10, e.getValue()[1] >> 10, ratio),
                    ratio <= 1.2);
        }
        Path largeFile = work.resolve("noise-" + (large >> 20) + "MiB.wav");
        double loopback = loopbackRate(largeFile);
        double client = clientRate(largeFile);
        figure("bytes", String.format(Locale.ROOT, "1 GiB through ingest and upload at %.0f MB/s; a plain loopback"
                + " GET of it %.0f MB/s; the same two hops by the MinIO client alone %.0f MB/s (target ≥ 105 MB/s: 4×"
                + " the 26 MB/s measured before)", rates[1], loopback, client), rates[1] >= 105);
    }

    /** A WAV file of {@code size} bytes of noise: media the ingest worker's probe accepts, that compresses not at all. */
    private static void writeWav(Path file, long size) throws IOException {
        long data = size - 44;
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt((int) (36 + data)).put("WAVE".getBytes()).put("fmt ".getBytes())
                .putInt(16).putShort((short) 1).putShort((short) 2).putInt(48_000).putInt(192_000)
                .putShort((short) 4).putShort((short) 16).put("data".getBytes()).putInt((int) data);
        SplittableRandom random = new SplittableRandom(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header.array());
            for (long written = 0; written < data; written += block.length) {
                for (int j = 0; j < block.length; j += 8) {
                    long v = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        block[j + k] = (byte) (v >>> (k * 8));
                    }
                }
                out.write(block, 0, (int) Math.min(block.length, data - written));
            }
        }
    }

    private double loopbackRate(Path file) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long started = System.nanoTime();
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(files.url(
                file.getFileName().toString()))).build(), HttpResponse.BodyHandlers.discarding());
        double took = (System.nanoTime() - started) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the loopback GET answered " + response.statusCode());
        }
        return Files.size(file) / 1e6 / took;
    }

    /**
     * The S3 floor under the bytes figure: the hops ingest and upload make (a file into the embedded S3, then S3
     * to S3), made by the MinIO client alone with the workers' 16 MiB parts, no Spindle in between. Over http the
     * client signs every part with its SHA-256 and the server checks it (over https neither happens).
     */
    private double clientRate(Path file) throws Exception {
        MinioClient s3 = stack.s3();
        String into = "bench/client-floor-in.wav";
        String copy = "bench/client-floor-copy.wav";
        long size = Files.size(file);
        long started = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            s3.putObject(PutObjectArgs.builder().bucket(BUCKET).object(into).stream(in, size, PART_SIZE).build());
        }
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(BUCKET).object(into).build())) {
            s3.putObject(PutObjectArgs.builder().bucket(BUCKET).object(copy).stream(in, size, PART_SIZE).build());
        }
        double took = (System.nanoTime() - started) / 1e9;
        for (String key : List.of(into, copy)) {
            s3.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(key).build());
        }
        return size / 1e6 / took;
    }

    private static long peakRssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmHWM for pid " + pid);
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private static void ffmpeg(List<String> args, Duration timeout) throws Exception {
        Subprocess.Result result = Subprocess.run(Ffmpeg.ffmpeg(), args, timeout, 4096);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + result.stderrTail());
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void figure(String name, String text, boolean met) {
        say(String.format(Locale.ROOT, "%-24s %s  %s", name, text, met ? "MET" : "NOT MET"));
    }

    private static void say(String line) {
        System.out.println("[bench] " + line);
    }
}
