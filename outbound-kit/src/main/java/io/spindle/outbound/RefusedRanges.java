package io.spindle.outbound;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The addresses Spindle never connects to on a user's behalf unless an operator allows them: everything that is
 * not a public unicast address of the internet. IPv6 ranges that embed or tunnel to IPv4 (NAT64, 6to4, Teredo)
 * are refused whole, since what they reach depends on gateways inside the network.
 */
final class RefusedRanges {

    /** One refused range and what it is, for the error message. */
    record Range(String rule, String what, Cidr cidr) {
    }

    private static final List<Range> RANGES = List.of(
            range("loopback", "a loopback address", "127.0.0.0/8"),
            range("loopback", "a loopback address", "::1/128"),
            range("unspecified", "the unspecified ('this host') network", "0.0.0.0/8"),
            range("unspecified", "the unspecified address", "::/128"),
            range("private", "a private network address", "10.0.0.0/8"),
            range("private", "a private network address", "172.16.0.0/12"),
            range("private", "a private network address", "192.168.0.0/16"),
            range("cgnat", "a carrier-grade NAT (shared) address", "100.64.0.0/10"),
            range("link_local", "a link-local address (where cloud metadata endpoints live)", "169.254.0.0/16"),
            range("link_local", "a link-local address", "fe80::/10"),
            range("unique_local", "a unique-local address (where cloud metadata endpoints live on IPv6)", "fc00::/7"),
            range("site_local", "a (deprecated) site-local address", "fec0::/10"),
            range("special", "an IETF protocol-assignment address (cloud metadata endpoints live here)",
                    "192.0.0.0/24"),
            range("documentation", "a documentation address", "192.0.2.0/24"),
            range("documentation", "a documentation address", "198.51.100.0/24"),
            range("documentation", "a documentation address", "203.0.113.0/24"),
            range("documentation", "a documentation address", "2001:db8::/32"),
            range("benchmarking", "a benchmarking address", "198.18.0.0/15"),
            range("6to4", "a 6to4 relay address", "192.88.99.0/24"),
            range("6to4", "a 6to4 address (it tunnels to an IPv4 address)", "2002::/16"),
            range("nat64", "a NAT64 address (it translates to an IPv4 address)", "64:ff9b::/96"),
            range("nat64", "a local-use NAT64 address (it translates to an IPv4 address)", "64:ff9b:1::/48"),
            range("teredo", "a Teredo address (it tunnels to an IPv4 address)", "2001::/32"),
            range("ipv4_compatible", "an IPv4-compatible IPv6 address", "::/96"),
            range("discard", "a discard-only address", "100::/64"),
            range("multicast", "a multicast address", "224.0.0.0/4"),
            range("multicast", "a multicast address", "ff00::/8"),
            range("reserved", "a reserved address", "240.0.0.0/4"));

    private RefusedRanges() {
    }

    /** The first refused range that holds {@code address}, if any. */
    static Optional<Range> of(InetAddress address) {
        return RANGES.stream().filter(r -> r.cidr().contains(address)).findFirst();
    }

    private static Range range(String rule, String what, String cidr) {
        return new Range(rule, what, Cidr.parse(cidr));
    }
}
