package dev.hoshu.bench.cut;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP relay that delivers every chunk a fixed time after it arrived, in each direction, like the fault
 * proxy's (and Toxiproxy's) {@code latency} toxic: the agent's link behaves like a long line, a round trip costs
 * twice the delay, and bytes keep their order. Chunks are queued rather than slept on, so back-to-back chunks are
 * not delayed twice.
 */
final class DelayedLink implements AutoCloseable {

    private static final int CHUNK = 32 * 1024;

    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private static final Chunk END = new Chunk(0, new byte[0]);

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long delayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private DelayedLink(ServerSocket listener, InetSocketAddress upstream, long delayMillis) {
        this.listener = listener;
        this.upstream = upstream;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    }

    /** Listens on a free loopback port and relays each connection to {@code upstreamPort} with the delay. */
    static DelayedLink start(int upstreamPort, long delayMillis) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        DelayedLink link = new DelayedLink(listener,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), delayMillis);
        daemon("delayed-link-accept", link::accept);
        return link;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(upstream, 5000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                relay(client, server, "up");
                relay(server, client, "down");
            } catch (IOException e) {
                // Closed listener, or an upstream that refused: the agent redials.
            }
        }
    }

    private void relay(Socket from, Socket to, String direction) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        daemon("delayed-link-read-" + direction, () -> {
            byte[] buffer = new byte[CHUNK];
            try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException e) {
                // The connection ended.
            }
            queue.add(END);
        });
        daemon("delayed-link-write-" + direction, () -> {
            try (OutputStream out = to.getOutputStream()) {
                for (Chunk chunk; (chunk = queue.take()) != END; ) {
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // The other side went away.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all we wanted.
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Closing is all we wanted.
        }
        sockets.forEach(DelayedLink::closeQuietly);
    }
}
