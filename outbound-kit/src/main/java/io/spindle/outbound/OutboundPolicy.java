package io.spindle.outbound;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.SocketFactory;
import org.jboss.logging.Logger;

/**
 * Where Spindle may connect on a user's behalf (URL ingest and each redirect, connection endpoints, webhooks):
 * public addresses, plus what the operator allows in {@code spindle.outbound.allow}. Loopback, private,
 * link-local (metadata), unique-local, CGNAT, NAT64, 6to4 and other special ranges are refused.
 *
 * <p>The check that counts is made on the address a socket is about to connect to ({@link #sockets()}): a name is
 * resolved once, by the client, and what it resolved to is what is checked and connected, so a name that answers
 * a public address to one lookup and a private one to the next cannot slip through. {@link #checkHost} checks a
 * name up front as well, to refuse an endpoint when it is stored rather than when it is used.
 */
@Singleton
public class OutboundPolicy {

    public static final String SETTING = "spindle.outbound.allow";
    public static final String VARIABLE = "SPINDLE_OUTBOUND_ALLOW";

    private static final Logger LOG = Logger.getLogger(OutboundPolicy.class);

    private final List<Allowance> allowances;
    private final SocketFactory sockets = new GuardedSocketFactory(this);

    @Inject
    public OutboundPolicy(OutboundConfig config) {
        this(config.allow().orElse(List.of()));
    }

    OutboundPolicy(List<String> entries) {
        List<Allowance> parsed = new ArrayList<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                parsed.add(Allowance.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SETTING + ": " + e.getMessage() + ". Entries are host names,"
                        + " addresses or CIDR ranges, each optionally with :port (IPv6 in brackets: [fd00::/8]:9000).");
            }
        }
        this.allowances = List.copyOf(parsed);
    }

    /** A policy allowing exactly {@code entries} beyond public addresses (tests, tools). */
    public static OutboundPolicy allowing(String... entries) {
        return new OutboundPolicy(List.of(entries));
    }

    public List<Allowance> allowances() {
        return allowances;
    }

    /** Sockets that refuse, before connecting, any address this policy does not allow. */
    public SocketFactory sockets() {
        return sockets;
    }

    /**
     * Refuses a connection to {@code target} (resolved) unless its address is public or allowed. The host string
     * of {@code target} is the name it was resolved from, if any, which host name entries match.
     */
    public void check(InetSocketAddress target) throws ForbiddenAddressException {
        InetAddress address = target.getAddress();
        if (address == null) {
            throw new IllegalArgumentException(target + " is not resolved");
        }
        Optional<RefusedRanges.Range> refused = RefusedRanges.of(address);
        if (refused.isEmpty()) {
            return;
        }
        String host = target.getHostString();
        int port = target.getPort();
        if (allowances.stream().anyMatch(a -> a.allows(host, address, port))) {
            return;
        }
        throw refusal(host, address, port, refused.get());
    }

    /**
     * Checks every address {@code host} resolves to now, as connections to {@code port} would be checked. A name
     * that does not resolve passes (it is refused, or not, when a connection is made), so that an endpoint can be
     * stored before its DNS exists. Blocking: it may look the name up.
     */
    public void checkHost(String host, int port) throws ForbiddenAddressException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return;
        }
        for (InetAddress address : addresses) {
            check(new InetSocketAddress(address, port));
        }
    }

    private static ForbiddenAddressException refusal(String host, InetAddress address, int port,
            RefusedRanges.Range range) {
        boolean literal = Cidr.isLiteral(host);
        String hostPort = literal && address.getAddress().length == 16 ? "[" + host + "]:" + port : host + ":" + port;
        // for a name, the address it resolved to is not repeated: it may be a fact of the internal network
        String subject = literal ? hostPort + " is " : host + " resolves to ";
        return new ForbiddenAddressException(range.rule(), subject + range.what() + " (" + range.cidr() + ", rule "
                + range.rule() + "): Spindle connects only to public addresses on a user's behalf. An operator can"
                + " allow it with " + SETTING + " (" + VARIABLE + "), e.g. " + hostPort + ".");
    }

    void announce(@Observes StartupEvent event) {
        if (allowances.isEmpty()) {
            LOG.info("Outbound connections made for users reach public addresses only (" + SETTING + " is empty)");
            return;
        }
        LOG.infof("Outbound connections made for users reach public addresses and: %s (%s)", allowances, SETTING);
        List<Allowance> loopback = allowances.stream().filter(Allowance::reachesLoopback).toList();
        if (!loopback.isEmpty()) {
            LOG.warnf("%s lets connections made for users reach loopback addresses (%s): acceptable on a local stack"
                    + " only, never in a cluster", SETTING, loopback);
        }
    }
}
