package io.spindle.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.spindle.ingest.config.IngestConfig;
import io.spindle.outbound.OutboundPolicy;
import io.spindle.outbound.testing.LoopbackListener;
import io.spindle.workerkit.lifecycle.TaskFailure;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * URL ingest with the address rule on: the only address allowed is the port of the server below; the listener
 * stands for the cluster's internals (a database, Kafka, the metadata endpoint) and must never see a connection.
 * Every address tried here is a loopback one, so that a broken rule reaches nothing beyond this machine; which
 * ranges are refused is {@code OutboundPolicyTest}'s, checked without a socket.
 */
class HttpFetcherTest {

    static final byte[] MEDIA = "not really media, but bytes".getBytes(StandardCharsets.UTF_8);

    HttpServer server;
    LoopbackListener internal;
    String base;

    @BeforeEach
    void start() throws Exception {
        internal = new LoopbackListener();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/clip.mp4", exchange -> {
            exchange.getResponseHeaders().add("Connection", "close"); // every fetch connects (and looks up) anew
            exchange.sendResponseHeaders(200, MEDIA.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(MEDIA);
            }
        });
        redirect("/to-internal", internal.url() + "/latest/meta-data/");
        redirect("/to-internal-name", "http://localhost:" + internal.port() + "/");
        redirect("/to-file", "file:///etc/passwd");
        redirect("/to-clip", "/clip.mp4");
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void redirect(String path, String location) {
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
        internal.close();
    }

    private HttpFetcher fetcher() {
        return new HttpFetcher(config(), OutboundPolicy.allowing("127.0.0.1:" + server.getAddress().getPort()));
    }

    @Test
    void anAllowedServerIsFetchedAndSoAreRedirectsWithinIt() throws Exception {
        try (InputStream in = fetcher().open(base + "/to-clip").body()) {
            assertThat(in.readAllBytes()).isEqualTo(MEDIA);
        }
    }

    @Test
    void aUrlOnAnInternalAddressIsRefusedBeforeAnyConnection() throws Exception {
        HttpFetcher fetcher = fetcher();
        assertRefused(fetcher, internal.url() + "/x.mp4", "127.0.0.1:" + internal.port() + " is a loopback address");
        assertRefused(fetcher, "http://localhost:" + internal.port() + "/x.mp4", "localhost resolves to a loopback");
        assertRefused(fetcher, "http://[::ffff:127.0.0.1]:" + internal.port() + "/x.mp4", "loopback");
        assertRefused(fetcher, "http://127.1.2.3:" + internal.port() + "/x.mp4", "127.1.2.3:" + internal.port());
        assertRefused(fetcher, "http://[::1]:" + internal.port() + "/x.mp4", "loopback");
        Thread.sleep(200);
        assertThat(internal.connections()).isZero();
    }

    @Test
    void aRedirectToAnInternalAddressIsRefusedAtThatHop() throws Exception {
        HttpFetcher fetcher = fetcher();
        assertRefused(fetcher, base + "/to-internal", "127.0.0.1:" + internal.port() + " is a loopback address");
        assertRefused(fetcher, base + "/to-internal-name", "localhost resolves to a loopback address");
        assertThatThrownBy(() -> fetcher.open(base + "/to-file")).isInstanceOfSatisfying(TaskFailure.class,
                f -> assertThat(f.kind()).isEqualTo("input_not_allowed"));
        Thread.sleep(200);
        assertThat(internal.connections()).isZero();
    }

    /**
     * A name that answers an allowed address to one lookup and an internal one to the next (DNS rebinding): a
     * check that resolved the name itself, before the client resolved it again to connect, would let the second
     * answer through. Here the address a socket connects to is the one checked, so the internal one is refused.
     */
    @Test
    void aNameThatRebindsBetweenLookupsReachesOnlyWhatWasChecked() throws Exception {
        int port = server.getAddress().getPort();
        try (LoopbackListener rebound = new LoopbackListener(InetAddress.getByName("127.0.0.2"), port)) {
            List<InetAddress> answers = List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2"));
            AtomicInteger lookups = new AtomicInteger();
            Dns rebinding = host -> {
                InetAddress answer = answers.get(lookups.getAndIncrement() % 2);
                return List.of(InetAddress.getByAddress(host, answer.getAddress()));
            };
            HttpFetcher fetcher = new HttpFetcher(config(), OutboundPolicy.allowing("127.0.0.1:" + port), rebinding);
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                try (InputStream in = fetcher.open("http://media.example.com:" + port + "/clip.mp4").body()) {
                    assertThat(in.readAllBytes()).isEqualTo(MEDIA);
                    outcomes.add("fetched");
                } catch (TaskFailure f) {
                    assertThat(f.kind()).isEqualTo("forbidden_address");
                    assertThat(f.getMessage()).contains("media.example.com resolves to a loopback address");
                    outcomes.add("refused");
                }
            }
            assertThat(outcomes).containsExactly("fetched", "refused", "fetched", "refused");
            assertThat(lookups).as("one lookup per fetch: what is checked is what was looked up").hasValue(4);
            Thread.sleep(200);
            assertThat(rebound.connections()).as("connections to the address the name rebound to").isZero();
        }
    }

    private static void assertRefused(HttpFetcher fetcher, String url, String messagePart) {
        assertThatThrownBy(() -> fetcher.open(url)).as(url).isInstanceOfSatisfying(TaskFailure.class, f -> {
            assertThat(f.kind()).isEqualTo("forbidden_address");
            assertThat(f.isRetryable()).isFalse();
            assertThat(f.getMessage()).contains(messagePart, "spindle.outbound.allow");
        });
    }

    static IngestConfig config() {
        return new IngestConfig() {
            public long maxBytes() {
                return 1_000_000;
            }

            public int maxRedirects() {
                return 5;
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            public Duration responseTimeout() {
                return Duration.ofSeconds(5);
            }

            public Duration probeTimeout() {
                return Duration.ofSeconds(30);
            }
        };
    }
}
