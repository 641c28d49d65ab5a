package io.spindle.outbound.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener on loopback that only counts the connections made to it: the address a playlist, a redirect
 * or a connection endpoint points at, which a test expects never to be reached.
 */
public final class LoopbackListener implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();

    /** On 127.0.0.1, at a free port. */
    public LoopbackListener() throws IOException {
        this(InetAddress.getLoopbackAddress(), 0);
    }

    /** On {@code address} and {@code port} (0: a free one). */
    public LoopbackListener(InetAddress address, int port) throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(address, port), 50);
        Thread accept = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "loopback-listener");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>} (or the address it listens on). */
    public String url() {
        return "http://" + socket.getInetAddress().getHostAddress() + ":" + port();
    }

    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
