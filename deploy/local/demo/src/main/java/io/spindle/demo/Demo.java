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
 * {@code deploy/local/stack demo}: runs the product page's examples against the local stack, with the embedded
 * S3 server standing in for "your own bucket", and prints what came out where.
 */
public final class Demo {

    private static final String BUCKET = "my-bucket";
    private static final String CONNECTION_NAME = "My S3 Bucket";

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

        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        s3.uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object("uploads/raw-video.mp4")
                .filename(clip.toString()).contentType("video/mp4").build());
        say("put it in the embedded S3 as s3://" + BUCKET + "/uploads/raw-video.mp4");

        String connection = connection();
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
            ok &= follow(task.getKey(), task.getValue());
        }
        say(ok ? "done: both outputs are in the embedded bucket (see above)" : "done, with failures (see above)");
        return ok;
    }

    private String connection() throws IOException, InterruptedException {
        for (JsonNode c : api("GET", "/connections?limit=100", null).path("data")) {
            if (CONNECTION_NAME.equals(c.path("name").asText())
                    && env.getProperty("SPINDLE_S3_ENDPOINT").equals(c.path("endpoint").asText())) {
                return c.path("id").asText();
            }
        }
        // "1. Create a connection", with the embedded S3 as the endpoint
        return api("POST", "/connections", Map.of("name", CONNECTION_NAME, "kind", "s3",
                "endpoint", env.getProperty("SPINDLE_S3_ENDPOINT"), "region", env.getProperty("SPINDLE_S3_REGION"),
                "access_key_id", env.getProperty("SPINDLE_S3_ACCESS_KEY_ID"),
                "secret_access_key", env.getProperty("SPINDLE_S3_SECRET_ACCESS_KEY"))).path("id").asText();
    }

    private String submit(String example, Map<String, Object> body) throws IOException, InterruptedException {
        JsonNode task = api("POST", "/tasks", body);
        say("POST /tasks (" + example + "): " + task.path("id").asText() + " " + task.path("status").asText());
        return task.path("id").asText();
    }

    private boolean follow(String taskId, String destination) throws Exception {
        String last = "";
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        while (System.currentTimeMillis() < deadline) {
            JsonNode task = api("GET", "/tasks/" + taskId, null);
            String status = task.path("status").asText();
            String line = status + " " + task.path("progress").asInt() + "%";
            if (!line.equals(last)) {
                say("  " + taskId + ": " + line);
                last = line;
            }
            if (status.equals("succeeded")) {
                String url = task.path("outputs").path(0).path("url").asText();
                S3Url where = S3Url.parse(url);
                String presigned = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                        .method(Http.Method.GET).bucket(where.bucket()).object(where.key()).expiry(600).build());
                say("  → " + url + (url.equals(destination) ? "" : " (expected " + destination + ")") + ": "
                        + describe(probe.probe(presigned)));
                return url.equals(destination);
            }
            if (status.equals("failed") || status.equals("cancelled")) {
                say("  ✗ " + task.path("error").path("kind").asText() + ": " + task.path("error").path("message")
                        .asText());
                return false;
            }
            Thread.sleep(500);
        }
        say("  ✗ " + taskId + " did not finish within 10 minutes");
        return false;
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
