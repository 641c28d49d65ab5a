package io.spindle.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import io.spindle.outbound.testing.LoopbackListener;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundPolicyTest {

    private static final OutboundPolicy DEFAULT = OutboundPolicy.allowing();

    @Test
    void everyNonPublicRangeIsRefusedByDefaultWithItsRule() throws Exception {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("127.0.0.1", "loopback"), Map.entry("127.255.0.9", "loopback"), Map.entry("::1", "loopback"),
                Map.entry("0.0.0.0", "unspecified"), Map.entry("::", "unspecified"),
                Map.entry("10.1.2.3", "private"), Map.entry("172.16.0.1", "private"),
                Map.entry("172.31.255.255", "private"), Map.entry("192.168.1.1", "private"),
                Map.entry("100.64.0.1", "cgnat"), Map.entry("100.100.100.200", "cgnat"),
                Map.entry("169.254.169.254", "link_local"), Map.entry("fe80::1", "link_local"),
                Map.entry("fd00:ec2::254", "unique_local"), Map.entry("fc00::1", "unique_local"),
                Map.entry("192.0.0.192", "special"), Map.entry("198.18.0.1", "benchmarking"),
                Map.entry("64:ff9b::7f00:1", "nat64"), Map.entry("64:ff9b:1::a00:1", "nat64"),
                Map.entry("2002:7f00:1::", "6to4"), Map.entry("192.88.99.1", "6to4"),
                Map.entry("2001:0:4136:e378::1", "teredo"), Map.entry("::7f00:1", "ipv4_compatible"),
                Map.entry("::ffff:127.0.0.1", "loopback"), // IPv4-mapped: Java reads it as the IPv4 address
                Map.entry("::ffff:10.0.0.1", "private"),
                Map.entry("224.0.0.1", "multicast"), Map.entry("ff02::1", "multicast"),
                Map.entry("240.0.0.1", "reserved"), Map.entry("255.255.255.255", "reserved"),
                Map.entry("192.0.2.1", "documentation"), Map.entry("2001:db8::1", "documentation"));
        for (Map.Entry<String, String> e : refused.entrySet()) {
            assertThatThrownBy(() -> DEFAULT.check(at(e.getKey(), 443))).as(e.getKey())
                    .isInstanceOfSatisfying(ForbiddenAddressException.class,
                            f -> assertThat(f.rule()).isEqualTo(e.getValue()));
        }
        for (String open : new String[] {"8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "2001:4860:4860::8888",
            "2606:4700::1111", "169.253.0.1"}) {
            DEFAULT.check(at(open, 443)); // passes
        }
    }

    @Test
    void aRefusalNamesTheRuleTheSettingAndWhatToAllow() {
        assertThatThrownBy(() -> DEFAULT.check(at("127.0.0.1", 15432)))
                .isInstanceOf(ForbiddenAddressException.class)
                .hasMessageContaining("127.0.0.1:15432 is a loopback address (127.0.0.0/8, rule loopback)")
                .hasMessageContaining("spindle.outbound.allow (SPINDLE_OUTBOUND_ALLOW), e.g. 127.0.0.1:15432");
        assertThatThrownBy(() -> DEFAULT.check(at("fd00:ec2::254", 80)))
                .hasMessageContaining("e.g. [fd00:ec2:0:0:0:0:0:254]:80");
        // a name: the address it resolved to is not told
        assertThatThrownBy(() -> DEFAULT.check(named("db.internal", "10.9.8.7", 5432)))
                .hasMessageContaining("db.internal resolves to a private network address (10.0.0.0/8, rule private)")
                .hasMessageContaining("e.g. db.internal:5432")
                .message().doesNotContain("10.9.8.7");
    }

    @Test
    void operatorsAllowAddressesRangesAndNamesOptionallyOnOnePort() throws Exception {
        OutboundPolicy policy = OutboundPolicy.allowing("127.0.0.1:9000", "10.20.0.0/16", "minio.storage.svc:9000",
                "[fd00::/8]:8443", "[::1]", "192.168.7.7");
        policy.check(at("127.0.0.1", 9000));
        assertThatThrownBy(() -> policy.check(at("127.0.0.1", 9001))).isInstanceOf(ForbiddenAddressException.class);
        assertThatThrownBy(() -> policy.check(at("127.0.0.2", 9000))).isInstanceOf(ForbiddenAddressException.class);
        policy.check(at("10.20.3.4", 1));
        policy.check(at("10.20.255.255", 65535));
        assertThatThrownBy(() -> policy.check(at("10.21.0.1", 80))).isInstanceOf(ForbiddenAddressException.class);
        policy.check(named("minio.storage.svc", "10.96.0.12", 9000));
        policy.check(named("MINIO.storage.svc", "10.96.0.12", 9000));
        assertThatThrownBy(() -> policy.check(named("minio.storage.svc", "10.96.0.12", 5432)))
                .isInstanceOf(ForbiddenAddressException.class);
        assertThatThrownBy(() -> policy.check(named("other.storage.svc", "10.96.0.12", 9000)))
                .isInstanceOf(ForbiddenAddressException.class);
        policy.check(at("fd12::1", 8443));
        assertThatThrownBy(() -> policy.check(at("fd12::1", 443))).isInstanceOf(ForbiddenAddressException.class);
        policy.check(at("::1", 1234));
        policy.check(at("192.168.7.7", 22));
        assertThat(policy.allowances()).extracting(Allowance::toString).containsExactly("127.0.0.1/32:9000",
                "10.20.0.0/16", "minio.storage.svc:9000", "[fd00:0:0:0:0:0:0:0/8]:8443", "[0:0:0:0:0:0:0:1/128]",
                "192.168.7.7/32");
        assertThat(policy.allowances()).filteredOn(Allowance::reachesLoopback).hasSize(2);
    }

    @Test
    void aMistypedEntryStopsTheServiceWithWhatIsWrong() {
        for (String bad : new String[] {"127.0.0.1:0", "127.0.0.1:70000", "10.0.0.0/33", "10.0.0.0/x", "[::1",
            "[::1]9000", "host name", "http://minio:9000", "minio:port", "300.1.1.1"}) {
            assertThatThrownBy(() -> OutboundPolicy.allowing(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("spindle.outbound.allow: ");
        }
    }

    @Test
    void socketsConnectOnlyWhereThePolicyAllowsAndTouchNothingElse() throws Exception {
        try (LoopbackListener listener = new LoopbackListener()) {
            int port = listener.port();
            try (Socket socket = DEFAULT.sockets().createSocket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1000))
                        .isInstanceOf(ForbiddenAddressException.class).hasMessageContaining("127.0.0.1:" + port);
            }
            assertThatThrownBy(() -> DEFAULT.sockets().createSocket("localhost", port))
                    .isInstanceOfSatisfying(ForbiddenAddressException.class,
                            f -> assertThat(f.getMessage()).contains("localhost resolves to a loopback address"));
            assertThatThrownBy(() -> DEFAULT.sockets().createSocket(InetAddress.getLoopbackAddress(), port))
                    .isInstanceOf(ForbiddenAddressException.class);
            Thread.sleep(200);
            assertThat(listener.connections()).as("connections the refused sockets made").isZero();

            try (Socket socket = OutboundPolicy.allowing("127.0.0.1:" + port).sockets().createSocket("127.0.0.1", port)) {
                assertThat(socket.isConnected()).isTrue();
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (listener.connections() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(listener.connections()).as("the allowed socket's connection").isEqualTo(1);
        }
    }

    @Test
    void theRefusalIsFoundBehindCausesAndSuppressedRoutes() {
        ForbiddenAddressException refusal = new ForbiddenAddressException("private", "no");
        IOException route = new IOException("first route");
        route.addSuppressed(refusal);
        assertThat(ForbiddenAddressException.in(new RuntimeException(new IOException("wrapped", route))))
                .containsSame(refusal);
        assertThat(ForbiddenAddressException.in(new IOException("refused"))).isEmpty();
    }

    private static InetSocketAddress at(String literal, int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(literal), port);
    }

    private static InetSocketAddress named(String host, String literal, int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByAddress(host, InetAddress.getByName(literal).getAddress()), port);
    }
}
