package io.spindle.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spindle.ingest.config.IngestConfig;
import io.spindle.workerkit.lifecycle.TaskFailure;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    @Test
    void internalAddressesAreRecognised() throws Exception {
        for (String internal : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "fc00::1"}) {
            assertThat(AddressPolicy.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
        }
        for (String external : new String[] {"8.8.8.8", "1.1.1.1", "100.128.0.1", "2001:4860:4860::8888"}) {
            assertThat(AddressPolicy.isInternal(InetAddress.getByName(external))).as(external).isFalse();
        }
    }

    @Test
    void theFetcherRefusesInternalAddressesByDefault() {
        HttpFetcher fetcher = new HttpFetcher(config(false));
        assertThatThrownBy(() -> fetcher.open("http://127.0.0.1:9/x.mp4")).isInstanceOfSatisfying(TaskFailure.class,
                f -> {
                    assertThat(f.kind()).isEqualTo("input_not_allowed");
                    assertThat(f.isRetryable()).isFalse();
                    assertThat(f.getMessage()).contains("127.0.0.1", "private");
                });
        assertThatThrownBy(() -> fetcher.open("http://169.254.169.254/latest/meta-data/"))
                .isInstanceOfSatisfying(TaskFailure.class, f -> assertThat(f.kind()).isEqualTo("input_not_allowed"));
        assertThatThrownBy(() -> fetcher.open("http://localhost:9/x.mp4"))
                .isInstanceOfSatisfying(TaskFailure.class, f -> assertThat(f.kind()).isEqualTo("input_not_allowed"));
    }

    @Test
    void fileNamesAreMadeSafe() {
        assertThat(IngestHandler.filename("clip.mp4")).isEqualTo("clip.mp4");
        assertThat(IngestHandler.filename("../../etc/passwd")).isEqualTo("_.._etc_passwd");
        assertThat(IngestHandler.filename("my video (1).mov")).isEqualTo("my_video__1_.mov");
        assertThat(IngestHandler.filename("")).isEqualTo("input");
        assertThat(IngestHandler.filename(null)).isEqualTo("input");
    }

    static IngestConfig config(boolean allowPrivate) {
        return new IngestConfig() {
            public boolean allowPrivateNetworks() {
                return allowPrivate;
            }

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
