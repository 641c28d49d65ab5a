package io.spindle.outbound;

import java.net.InetAddress;
import java.util.Locale;

/**
 * One entry of {@code spindle.outbound.allow}: a host name, an address or a CIDR range, each optionally with a
 * port. {@code minio.storage.svc.cluster.local:9000}, {@code 10.20.0.0/16}, {@code 127.0.0.1:9000},
 * {@code [fd00::/8]:9000}. A host name entry allows what that name resolves to, when it is the name connected to.
 *
 * @param host  the host name, lower case, or null for an address entry
 * @param range the address range, or null for a host name entry
 * @param port  the port, or 0 for any
 */
public record Allowance(String host, Cidr range, int port) {

    public static Allowance parse(String entry) {
        String text = entry.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an empty entry");
        }
        String target = text;
        int port = 0;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' opens [ without closing it");
            }
            target = text.substring(1, close);
            String after = text.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("'" + text + "': only :port may follow ]");
                }
                port = port(text, after.substring(1));
            }
            return new Allowance(null, Cidr.parse(target), port);
        }
        int colon = text.lastIndexOf(':');
        if (colon >= 0 && text.indexOf(':') == colon) { // one colon: host:port or a.b.c.d[/n]:port
            target = text.substring(0, colon);
            port = port(text, text.substring(colon + 1));
        }
        String address = target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
        if (Cidr.isLiteral(address)) {
            return new Allowance(null, Cidr.parse(target), port);
        }
        if (!target.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw new IllegalArgumentException("'" + text + "' is neither a host name, an IP address nor a CIDR range");
        }
        return new Allowance(target.toLowerCase(Locale.ROOT), null, port);
    }

    private static int port(String entry, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + entry + "' has no port from 1 to 65535 after its last ':'");
    }

    /** Whether this entry allows a connection to {@code address}:{@code port} made for the name {@code host}. */
    boolean allows(String host, InetAddress address, int port) {
        if (this.port != 0 && this.port != port) {
            return false;
        }
        return range != null ? range.contains(address) : this.host.equalsIgnoreCase(host);
    }

    /** Whether this entry lets connections reach loopback addresses. */
    boolean reachesLoopback() {
        return range != null && (range.contains(InetAddress.getLoopbackAddress())
                || range.contains(Cidr.literal("::1")));
    }

    @Override
    public String toString() {
        String target = host != null ? host : range.network().length == 16 ? "[" + range + "]" : range.toString();
        return port == 0 ? target : target + ":" + port;
    }
}
