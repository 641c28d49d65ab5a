package io.spindle.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;

/** Plain sockets that ask the {@link OutboundPolicy} about the address they are about to connect to. */
final class GuardedSocketFactory extends SocketFactory {

    private final OutboundPolicy policy;

    GuardedSocketFactory(OutboundPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Socket createSocket() {
        return new GuardedSocket(policy);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(createSocket(), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        return connected(socket, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(createSocket(), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        return connected(socket, new InetSocketAddress(address, port));
    }

    private static Socket connected(Socket socket, SocketAddress target) throws IOException {
        try {
            socket.connect(target);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static final class GuardedSocket extends Socket {

        private final OutboundPolicy policy;

        GuardedSocket(OutboundPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target)) {
                throw new IllegalArgumentException("not an internet address: " + endpoint);
            }
            InetSocketAddress resolved = target.isUnresolved()
                    ? new InetSocketAddress(InetAddress.getByName(target.getHostString()), target.getPort())
                    : target;
            policy.check(resolved);
            super.connect(resolved, timeout);
        }
    }
}
