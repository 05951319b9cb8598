package dev.hoshu.broker.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link on 127.0.0.1 between one node and Redis that the test can slow down or reset: every chunk waits the
 * latency before it is passed on, and a reset armed for the next request drops that request and answers both ends
 * with a TCP reset, as a firewall or a crashing middlebox would.
 */
final class FaultyLink implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile long latencyMillis;
    private volatile boolean resetNextRequest;
    private volatile int resets;
    private volatile long downUntil = System.nanoTime();

    FaultyLink(String target) throws IOException {
        int colon = target.lastIndexOf(':');
        this.targetHost = target.substring(0, colon);
        this.targetPort = Integer.parseInt(target.substring(colon + 1));
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "faulty-link-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** {@code host:port} a node connects to instead of Redis. */
    String node() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    void latency(long millis) {
        latencyMillis = millis;
    }

    /**
     * The next request from the node never reaches Redis: both ends get a TCP reset instead, and new connections are
     * reset too for {@code down}, so the node cannot simply reconnect at once.
     */
    void resetNextRequest(Duration down) {
        downUntil = System.nanoTime() + down.toNanos();
        resetNextRequest = true;
    }

    int resets() {
        return resets;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket node = listener.accept();
                if (System.nanoTime() - downUntil < 0) {
                    reset(node);
                    continue;
                }
                Socket redis = new Socket(targetHost, targetPort);
                open.add(node);
                open.add(redis);
                pump(node, redis, true);
                pump(redis, node, false);
            } catch (IOException e) {
                // Closed, or Redis refused this one connection: the node sees its connection end.
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request) {
        Thread pumping = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (request && resetNextRequest) {
                        resetNextRequest = false;
                        resets++;
                        reset(from);
                        reset(to);
                        return;
                    }
                    long delay = latencyMillis;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // One side went away: the other is closed below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "faulty-link-" + (request ? "request" : "answer"));
        pumping.setDaemon(true);
        pumping.start();
    }

    private void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // Already closed: nothing to reset.
        }
        closeQuietly(socket);
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(this::closeQuietly);
    }
}
