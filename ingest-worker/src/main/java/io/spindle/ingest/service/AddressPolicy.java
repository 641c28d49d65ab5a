package io.spindle.ingest.service;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a URL ingest may reach. By default only public ones: fetching arbitrary URLs from inside a
 * cluster must not become a way to read its private services or the cloud's metadata endpoint (SSRF).
 */
final class AddressPolicy {

    private AddressPolicy() {
    }

    /** Whether {@code address} is loopback, private, link-local (metadata), unique-local, CGNAT or unspecified. */
    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64/10
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0); // 192.0.0/24
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique-local fc00::/7 (incl. fd00:ec2::254)
        }
        return false;
    }
}
