package io.spindle.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.minio.UploadObjectArgs;
import io.restassured.path.json.JsonPath;
import io.spindle.contract.pipeline.TaskReport;
import io.spindle.contract.pipeline.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Workers scaled in and out, stopped and killed for real on the local stack, mid-transcode of a 30 s 1080p
 * input: SIGTERM hands the task back (the stack's drain time is 3 s here, so a transcode cannot finish within
 * it), kill -9 lets another instance take the task over and takes the worker's FFmpeg with it, and a task whose
 * worker dies at every attempt fails with {@code worker_crashed} after three.
 */
@ExtendWith(LocalStack.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerFaultsIT {

    static final String INPUT = "faults/input-30s-1080p.mp4";
    static final String TRANSCODE = "transcode-worker";
    /** Session timeout (10 s) plus the lapse of the dead attempt's claim (15 s), with room for a rebalance. */
    static final Duration TAKEOVER_BOUND = Duration.ofSeconds(30);

    LocalStack local;
    TaskReports reports;
    String connection;
    double inputDuration;

    record Posted(String runId, String videoId, String key) {
    }

    @BeforeAll
    void setUp(LocalStack local) throws Exception {
        this.local = local;
        LocalStack.ensureBucket(local.s3(), "my-bucket");
        Path clip = TestMedia.clip1080p("input-30s-1080p.mp4", 30);
        inputDuration = TestMedia.PROBE.probe(clip.toString()).duration();
        local.s3().uploadObject(UploadObjectArgs.builder().bucket("my-bucket").object(INPUT)
                .filename(clip.toString()).contentType("video/mp4").build());
        connection = local.connectionToItsS3("faults");
        reports = new TaskReports(local.kafkaBootstrapServers());
    }

    @AfterAll
    void tearDown() {
        stack("scale", TRANSCODE + "=1");
        stack("up");
        reports.close();
    }

    @Test
    @Order(1)
    void sigtermHandsTheTaskToTheOtherInstanceAndTheRunSucceeds() throws Exception {
        stack("scale", TRANSCODE + "=2");
        Posted posted = post("faults/sigterm-two/out.mp4");
        String worker = running(posted, 1).worker();

        long pid = local.pid(worker);
        ProcessHandle.of(pid).orElseThrow().destroy(); // SIGTERM
        assertThat(ProcessHandle.of(pid).map(p -> p.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
                .join().isAlive()).orElse(false)).isFalse();

        reports.await(posted.videoId(), "handed back", Duration.ofSeconds(10),
                r -> r.status() == TaskStatus.QUEUED && r.attempt() == 1);
        TaskReport second = running(posted, 2);
        assertThat(second.worker()).isNotEqualTo(worker);
        assertSucceeded(posted, 2);
        stack("up");
    }

    @Test
    @Order(2)
    void withOneInstanceSigtermThenUpFinishesTheRun() throws Exception {
        stack("scale", TRANSCODE + "=1");
        Posted posted = post("faults/sigterm-one/out.mp4");
        running(posted, 1);
        long pid = local.pid(TRANSCODE);
        ProcessHandle.of(pid).orElseThrow().destroy();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join());

        // handed back, honestly: queued again, one attempt so far, nothing failed
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(videoTask(posted)
                .getString("status")).isEqualTo("queued"));
        assertThat(videoTask(posted).getInt("attempts")).isEqualTo(1);
        assertThat(local.api().get("/runs/" + posted.runId()).path("status").toString()).isEqualTo("processing");

        stack("up");
        assertSucceeded(posted, 2);
    }

    @Test
    @Order(3)
    void killNineLetsAnotherInstanceTakeOverAndTakesFfmpegWithIt() throws Exception {
        stack("scale", TRANSCODE + "=2");
        Posted posted = post("faults/kill/out.mp4");
        String worker = running(posted, 1).worker();
        ProcessHandle process = ProcessHandle.of(local.pid(worker)).orElseThrow();
        List<ProcessHandle> ffmpeg = process.descendants()
                .filter(p -> p.info().command().orElse("").endsWith("ffmpeg")).toList();
        assertThat(ffmpeg).as("the worker's ffmpeg").isNotEmpty();

        process.destroyForcibly(); // kill -9
        long killed = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> ffmpeg.stream().noneMatch(ProcessHandle::isAlive));

        TaskReport second = running(posted, 2);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(takeover).as("from kill -9 to attempt 2 on another instance").isLessThan(TAKEOVER_BOUND);
        assertThat(second.worker()).isNotEqualTo(worker);
        assertSucceeded(posted, 2);
        stack("up");
    }

    @Test
    @Order(4)
    void aTaskWhoseWorkerDiesAtEveryAttemptFailsWithWorkerCrashedAfterThree() throws Exception {
        stack("scale", TRANSCODE + "=2");
        Posted posted = post("faults/crash/out.mp4");
        for (int attempt = 1; attempt <= 3; attempt++) {
            String worker = running(posted, attempt).worker();
            ProcessHandle.of(local.pid(worker)).orElseThrow().destroyForcibly();
            stack("up"); // the killed instance comes back, as a pod would
        }
        TaskReport failed = reports.await(posted.videoId(), "failed", Duration.ofSeconds(90),
                r -> r.status() == TaskStatus.FAILED);
        assertThat(failed.error().kind()).isEqualTo("worker_crashed");
        assertThat(failed.error().message()).contains("3 times", "attempts 1 (", "2 (", "3 (");
        // the gateway applies the report a moment after it is on Kafka
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(videoTask(posted)
                .getString("status")).isEqualTo("failed"));
        JsonPath task = videoTask(posted);
        assertThat(task.getString("error.kind")).isEqualTo("worker_crashed");
        assertThat(task.getInt("attempts")).isEqualTo(3);
        assertThat(local.api().get("/runs/" + posted.runId()).path("status").toString()).isEqualTo("failed");

        // and it stays failed: no further delivery starts work (wait past a session timeout and a lease)
        Thread.sleep(TAKEOVER_BOUND.toMillis());
        assertThat(reports.of(posted.videoId())).noneMatch(r -> r.attempt() > 3)
                .filteredOn(r -> r.status() == TaskStatus.FAILED).hasSize(1);
        assertThat(videoTask(posted).getString("status")).isEqualTo("failed");
        assertThat(objects(posted.key())).isEmpty();
    }

    @Test
    @Order(5)
    void statusShowsEachInstanceWithAnEvenShareOfPartitionsAndTheCountsSurviveDownAndUp() {
        stack("scale", TRANSCODE + "=3");
        assertEvenSpreadOverThreeInstances();
        stack("down");
        Command.Result up = local.stack("up").run(Duration.ofMinutes(5));
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("starting " + TRANSCODE + "-3");
        assertEvenSpreadOverThreeInstances();

        Command.Result in = local.stack("scale", TRANSCODE + "=1").run(Duration.ofMinutes(3));
        assertThat(in.exitCode()).as(in.output()).isZero();
        assertThat(in.output()).contains("stopped " + TRANSCODE + "-3", "stopped " + TRANSCODE + "-2");
        Command.Result bad = local.stack("scale", "transcode-worker=13", "gateway=2").run(Duration.ofMinutes(1));
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("from 1 to 12", "WORKER one of ingest-worker, transcode-worker,"
                + " upload-worker");
    }

    private void assertEvenSpreadOverThreeInstances() {
        Pattern line = Pattern.compile("^\\s+(transcode-worker(?:-\\d)?)\\s+running \\(pid \\d+\\).*healthy.*"
                + "transcode-tasks partitions \\S+ \\((\\d+)\\)$", Pattern.MULTILINE);
        Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Command.Result status = local.stack("status").run(Duration.ofSeconds(60));
            assertThat(status.exitCode()).as(status.output()).isZero();
            Matcher m = line.matcher(status.output());
            List<Integer> counts = new ArrayList<>();
            List<String> instances = new ArrayList<>();
            while (m.find()) {
                instances.add(m.group(1));
                counts.add(Integer.parseInt(m.group(2)));
            }
            assertThat(instances).as(status.output()).containsExactly(TRANSCODE, TRANSCODE + "-2", TRANSCODE + "-3");
            assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
            assertThat(counts.stream().mapToInt(Integer::intValue).max().orElse(0)
                    - counts.stream().mapToInt(Integer::intValue).min().orElse(0)).isLessThanOrEqualTo(1);
        });
    }

    @Test
    @Order(6)
    void theScalingBenchmarkPrintsWhereEachInstanceStands() {
        Map<String, String> env = new java.util.HashMap<>(local.env);
        env.put("SPINDLE_BENCH_INSTANCES", "1,2");
        env.put("SPINDLE_BENCH_TASKS", "12");
        Command.Result result = new Command(List.of(LocalStack.STACK.toString(), "bench", "scaling"), env, LocalStack.ROOT)
                .run(Duration.ofMinutes(8));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("[bench] 12 audio tasks (a 20 s tone to MP3) with transcode-worker × 2",
                "idle, own partitions wait", "[bench] summary", "1 instance(s): drained 12 tasks in",
                "2 instance(s): drained 12 tasks in", "partitions per instance [12]", "partitions per instance [6, 6]");
        Matcher row = Pattern.compile("^\\[bench\\]\\s+(transcode-worker(?:-2)?)\\s+\\S+ \\((\\d+)\\)\\s+(\\d+)\\s",
                Pattern.MULTILINE).matcher(result.output());
        int handled = 0;
        while (row.find()) {
            handled += Integer.parseInt(row.group(3));
        }
        assertThat(handled).as("tasks handled, over both configurations").isEqualTo(24);
        // the benchmark leaves the worker count as it found it
        assertThat(LocalStack.readEnv(local.dir.resolve("scale.properties"))).containsEntry(TRANSCODE, "1");
    }

    // ------------------------------------------------------------------------------------------------------

    private Posted post(String key) {
        JsonPath task = local.api().body(Map.of("url", "s3://my-bucket/" + INPUT, "kind", "video", "options",
                Map.of("width", 1280, "format", "mp4"), "connection_id", connection, "destination",
                "s3://my-bucket/" + key)).post("/tasks").then().statusCode(201).extract().jsonPath();
        return new Posted(task.getString("run_id"), task.getString("id"), key);
    }

    /** Attempt {@code attempt} of the video task, once its ffmpeg has made progress. */
    private TaskReport running(Posted posted, int attempt) {
        return reports.await(posted.videoId(), "processing in attempt " + attempt, Duration.ofMinutes(2),
                r -> r.status() == TaskStatus.PROCESSING && r.attempt() == attempt && r.progress() != null
                        && r.progress() >= 1);
    }

    private JsonPath videoTask(Posted posted) {
        JsonPath run = local.api().get("/runs/" + posted.runId()).then().statusCode(200).extract().jsonPath();
        return new JsonPath(run.prettify()).setRootPath("tasks.find { it.id == '" + posted.videoId() + "' }");
    }

    private void assertSucceeded(Posted posted, int attempts) throws Exception {
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                List.of("succeeded", "failed").contains(local.api().get("/runs/" + posted.runId()).path("status")
                        .toString()));
        JsonPath task = videoTask(posted);
        assertThat(task.getString("status")).as(task.prettify()).isEqualTo("succeeded");
        assertThat(task.getInt("attempts")).isEqualTo(attempts);
        assertThat(local.api().get("/runs/" + posted.runId()).path("status").toString()).isEqualTo("succeeded");
        assertThat(reports.of(posted.videoId())).noneMatch(r -> r.status() == TaskStatus.FAILED);
        assertThat(objects(posted.key())).containsExactly(posted.key());
        assertThat(TestMedia.probe(local.s3(), "my-bucket", posted.key()).duration())
                .isCloseTo(inputDuration, within(0.1));
    }

    private List<String> objects(String key) {
        return local.objects("my-bucket", key.substring(0, key.lastIndexOf('/') + 1));
    }

    private void stack(String... args) {
        Command.Result result = local.stack(args).run(Duration.ofMinutes(3));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
