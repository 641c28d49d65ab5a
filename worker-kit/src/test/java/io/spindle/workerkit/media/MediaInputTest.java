package io.spindle.workerkit.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.spindle.outbound.testing.LoopbackListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg reads only what it was given: a playlist or concat list served as if from work storage, whose entries
 * point at a listener on loopback, is refused before anything connects to the listener; and what FFmpeg says
 * about a signed URL never quotes it.
 */
class MediaInputTest {

    @TempDir
    static Path dir;
    static HttpServer storage;
    static LoopbackListener listener;
    static final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    final MediaProbe probe = new MediaProbe(Duration.ofSeconds(30));

    @BeforeAll
    static void start() throws IOException {
        listener = new LoopbackListener();
        storage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        storage.createContext("/", exchange -> {
            byte[] body = objects.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        storage.start();
    }

    @AfterAll
    static void stop() throws IOException {
        storage.stop(0);
        listener.close();
    }

    @Test
    void anHlsPlaylistIsRefusedAndOpensNothing() {
        String target = listener.url() + "/segment.ts";
        String url = serve("/work/task/playlist.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + target
                + "\n#EXT-X-ENDLIST\n");
        assertThatThrownBy(() -> probe.probe(url)).isInstanceOf(InvalidMediaException.class)
                .hasMessageContaining("playlist or a list of other files (hls)");
        assertThat(listener.connections()).as("connections to the listener").isZero();
    }

    @Test
    void aConcatListIsRefusedAndOpensNothing() {
        String target = listener.url() + "/other.mp4";
        String url = serve("/work/task/list.ffconcat", "ffconcat version 1.0\nfile '" + target + "'\n");
        assertThatThrownBy(() -> probe.probe(url)).isInstanceOf(InvalidMediaException.class)
                .hasMessageContaining("playlist or a list of other files (concat)");
        assertThat(listener.connections()).as("connections to the listener").isZero();
    }

    @Test
    void aLocalConcatListCannotReadOtherFiles() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "token=do-not-read");
        Path list = Files.writeString(dir.resolve("input.mp4"), "ffconcat version 1.0\nfile '" + secret + "'\n");
        assertThatThrownBy(() -> probe.probe(list.toString())).isInstanceOf(InvalidMediaException.class)
                .hasMessageNotContaining("do-not-read");
    }

    @Test
    void aSignedUrlIsNeverQuoted() {
        String url = serve("/work/task/notes.txt", "just some words\n".repeat(100))
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20261129&X-Amz-Signature=abc123";
        assertThatThrownBy(() -> probe.probe(url)).isInstanceOf(InvalidMediaException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("X-Amz-").doesNotContain("AKIAEXAMPLE")
                        .doesNotContain("127.0.0.1:" + storage.getAddress().getPort()));
    }

    @Test
    void redactTakesOutTheInputAndAnySignedUrl() {
        assertThat(MediaInput.redact("https://s3.internal:9000/w/k?X-Amz-Signature=1: Invalid data", "other"))
                .isEqualTo("<input>: Invalid data");
        assertThat(MediaInput.redact("/tmp/x/input.mp4: No such file", "/tmp/x/input.mp4"))
                .isEqualTo("<input>: No such file");
    }

    @Test
    void theOptionsComeBeforeTheInput() {
        assertThat(MediaInput.options("https://s3/x")).containsSubsequence("-protocol_whitelist",
                "http,https,tcp,tls", "-format_whitelist");
        assertThat(MediaInput.options("/scratch/output.mp4")).containsSubsequence("-protocol_whitelist", "file");
        assertThat(String.join(",", MediaInput.FORMATS)).doesNotContain("hls").doesNotContain("concat")
                .doesNotContain("dash");
    }

    private static String serve(String path, String body) {
        objects.put(path, body.getBytes(StandardCharsets.UTF_8));
        return "http://127.0.0.1:" + storage.getAddress().getPort() + path;
    }
}
