package io.spindle.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import io.spindle.contract.S3Url;
import io.spindle.contract.pipeline.MediaInfo;
import io.spindle.contract.pipeline.PipelineJson;
import io.spindle.workerkit.media.Ffmpeg;
import io.spindle.workerkit.media.MediaProbe;
import io.spindle.workerkit.media.Subprocess;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code deploy/local/stack demo}: runs the product page's examples against the local stack (a connection made the
 * default, two tasks with a destination, and a run whose ingest and upload use connections of their own), with
 * the embedded S3 server standing in for "your own bucket", and prints what came out where.
 */
public final class Demo {

    private static final String BUCKET = "my-bucket";
    private static final String CONNECTION_NAME = "My S3 Bucket";
    private static final String DEST_CONNECTION_NAME = "Destination bucket";
    private static final String SOURCE_BUCKET = "source-bucket";
    private static final String DEST_BUCKET = "dest-bucket";

    private final Properties env;
    private final HttpClient http = HttpClient.newHttpClient();
    private final MinioClient s3;
    private final MediaProbe probe = new MediaProbe(Duration.ofMinutes(1));

    private Demo(Properties env) {
        this.env = env;
        this.s3 = MinioClient.builder().endpoint(env.getProperty("SPINDLE_S3_ENDPOINT"))
                .credentials(env.getProperty("SPINDLE_S3_ACCESS_KEY_ID"), env.getProperty("SPINDLE_S3_SECRET_ACCESS_KEY"))
                .region(env.getProperty("SPINDLE_S3_REGION")).build();
    }

    public static void main(String[] args) throws Exception {
        Properties env = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            env.load(r);
        }
        System.exit(new Demo(env).run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        Path clip = Files.createTempDirectory("spindle-demo").resolve("raw-video.mp4");
        say("making a 10 s 1920x1080 test clip with FFmpeg …");
        Subprocess.Result made = Subprocess.run(Ffmpeg.ffmpeg(), List.of("-y", "-v", "error", "-f", "lavfi", "-i",
                "testsrc2=size=1920x1080:rate=30", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "10", "-c:v",
                "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip.toString()),
                Duration.ofMinutes(5), 1024);
        if (made.exitCode() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + made.stderrTail());
        }
        say("input: " + describe(probe.probe(clip.toString())));

        for (String bucket : List.of(BUCKET, SOURCE_BUCKET, DEST_BUCKET)) {
            if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        }
        for (String bucket : List.of(BUCKET, SOURCE_BUCKET)) {
            s3.uploadObject(UploadObjectArgs.builder().bucket(bucket).object("uploads/raw-video.mp4")
                    .filename(clip.toString()).contentType("video/mp4").build());
            say("put it in the embedded S3 as s3://" + bucket + "/uploads/raw-video.mp4");
        }

        String connection = connection(CONNECTION_NAME);
        api("PATCH", "/connections/" + connection, Map.of("is_default", true));
        say("connection " + connection + " (\"" + CONNECTION_NAME + "\") is the project's default");

        String httpInput = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET)
                .bucket(BUCKET).object("uploads/raw-video.mp4").expiry(3600).build());
        Map<String, Object> options = Map.of("width", 1280, "format", "mp4");
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put(submit("2. destination on a task (http input)", Map.of("url", httpInput, "kind", "video",
                "connection_id", connection, "destination", "s3://" + BUCKET + "/output/video-720p.mp4",
                "options", options)), "s3://" + BUCKET + "/output/video-720p.mp4");
        tasks.put(submit("3. ingest from your storage too (s3:// input)", Map.of("url", "s3://" + BUCKET
                + "/uploads/raw-video.mp4", "kind", "video", "connection_id", connection,
                "destination", "s3://" + BUCKET + "/processed/video-720p.mp4", "options", options)),
                "s3://" + BUCKET + "/processed/video-720p.mp4");

        boolean ok = true;
        for (Map.Entry<String, String> task : tasks.entrySet()) {
            JsonNode done = follow("/tasks/" + task.getKey(), task.getKey());
            ok &= done != null && delivered(done.path("outputs").path(0).path("url").asText(), task.getValue());
        }

        // "4. Advanced: use runs for more control": ingest and upload through connections of their own
        String destination = connection(DEST_CONNECTION_NAME);
        JsonNode run = api("POST", "/runs", Map.of("tasks", List.of(Map.of("kind", "ingest",
                "options", Map.of("connection_id", connection, "bucket", SOURCE_BUCKET, "key", "uploads/raw-video.mp4"),
                "next", List.of(Map.of("kind", "video", "options", options,
                        "next", List.of(Map.of("kind", "upload", "options", Map.of("connection_id", destination,
                                "bucket", DEST_BUCKET, "key", "processed/video-720p.mp4")))))))));
        String runId = run.path("id").asText();
        say("POST /runs (4. runs: ingest through " + connection + ", upload through " + destination + "): " + runId
                + " " + run.path("status").asText() + ", tasks " + run.path("tasks").findValuesAsText("kind"));
        JsonNode done = follow("/runs/" + runId, runId);
        ok &= done != null && delivered(done.path("tasks").path(done.path("tasks").size() - 1).path("outputs")
                .path(0).path("url").asText(), "s3://" + DEST_BUCKET + "/processed/video-720p.mp4");
        say(ok ? "done: the three outputs are in the embedded S3 (see above)" : "done, with failures (see above)");
        return ok;
    }

    /** The connection to the embedded S3 with this name, created if the project has none yet. */
    private String connection(String name) throws IOException, InterruptedException {
        for (JsonNode c : api("GET", "/connections?limit=100", null).path("data")) {
            if (name.equals(c.path("name").asText())
                    && env.getProperty("SPINDLE_S3_ENDPOINT").equals(c.path("endpoint").asText())) {
                return c.path("id").asText();
            }
        }
        // "1. Create a connection", with the embedded S3 as the endpoint
        return api("POST", "/connections", Map.of("name", name, "kind", "s3",
                "endpoint", env.getProperty("SPINDLE_S3_ENDPOINT"), "region", env.getProperty("SPINDLE_S3_REGION"),
                "access_key_id", env.getProperty("SPINDLE_S3_ACCESS_KEY_ID"),
                "secret_access_key", env.getProperty("SPINDLE_S3_SECRET_ACCESS_KEY"))).path("id").asText();
    }

    private String submit(String example, Map<String, Object> body) throws IOException, InterruptedException {
        JsonNode task = api("POST", "/tasks", body);
        say("POST /tasks (" + example + "): " + task.path("id").asText() + " " + task.path("status").asText());
        return task.path("id").asText();
    }

    /** Polls a task or run, printing each change of status or progress; its last state, or null if unfinished. */
    private JsonNode follow(String path, String id) throws Exception {
        String last = "";
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        while (System.currentTimeMillis() < deadline) {
            JsonNode state = api("GET", path, null);
            String status = state.path("status").asText();
            String line = status + " " + state.path("progress").asInt() + "%";
            if (!line.equals(last)) {
                say("  " + id + ": " + line);
                last = line;
            }
            if (status.equals("succeeded")) {
                return state;
            }
            if (status.equals("failed") || status.equals("cancelled")) {
                say("  ✗ " + state.path("error").path("kind").asText() + ": " + state.path("error").path("message")
                        .asText());
                return null;
            }
            Thread.sleep(500);
        }
        say("  ✗ " + id + " did not finish within 10 minutes");
        return null;
    }

    /** Prints what is at {@code url} (ffprobe's facts); whether it is where it was asked for. */
    private boolean delivered(String url, String destination) throws Exception {
        S3Url where = S3Url.parse(url);
        if (where == null) {
            say("  ✗ no output in a bucket (expected " + destination + ")");
            return false;
        }
        String presigned = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Http.Method.GET).bucket(where.bucket()).object(where.key()).expiry(600).build());
        say("  → " + url + (url.equals(destination) ? "" : " (expected " + destination + ")") + ": "
                + describe(probe.probe(presigned)));
        return url.equals(destination);
    }

    private JsonNode api(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(env.getProperty("SPINDLE_API_URL") + path))
                .header("Authorization", "Bearer " + env.getProperty("SPINDLE_API_KEY"))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(PipelineJson.write(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return PipelineJson.mapper().readTree(response.body());
    }

    private static String describe(MediaInfo m) {
        StringBuilder s = new StringBuilder(m.container());
        if (m.hasVideo()) {
            s.append(", ").append(m.videoCodec()).append(' ').append(m.width()).append('x').append(m.height())
                    .append(' ').append(m.frameRate()).append(" fps");
        }
        if (m.hasAudio()) {
            s.append(", ").append(m.audioCodec()).append(' ').append(m.audioChannels()).append(" ch");
        }
        s.append(String.format(Locale.ROOT, ", %.2f s, %.1f MB", m.duration(), m.size() / 1e6));
        return s.toString();
    }

    private static void say(String message) {
        System.out.println("[demo] " + message);
    }
}
