package dev.hoshu.broker.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One proxied connection: a pipe each way, each passing every chunk through the toxics of its direction. The
 * toxics are read again for every chunk, so adding or removing one acts on connections already open. Each direction
 * reads on one thread and writes on another, so a delay counts from the chunk's arrival, as Toxiproxy's does: chunks
 * that arrive while one waits are not delayed once more for each one before them.
 */
final class Link implements AutoCloseable {

    private static final int CHUNK = 32 * 1024;

    private final Socket client;
    private final Socket server;
    private final Function<String, List<Toxic>> toxics;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong upstreamBytes = new AtomicLong();
    private final AtomicLong downstreamBytes = new AtomicLong();
    private final double luck = ThreadLocalRandom.current().nextDouble();

    Link(Socket client, Socket server, Function<String, List<Toxic>> toxics) {
        this.client = client;
        this.server = server;
        this.toxics = toxics;
    }

    void start(String name) {
        Thread up = new Thread(() -> pipe("upstream", client, server, upstreamBytes), name + "-up");
        Thread down = new Thread(() -> pipe("downstream", server, client, downstreamBytes), name + "-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Toxiproxy's toxicity is drawn once per connection: this one is affected when its draw is below it. */
    private boolean affected(Toxic toxic) {
        return luck < toxic.toxicity();
    }

    /** A chunk as it arrived; {@link #END} marks the end of the stream. */
    private record Chunk(byte[] data, long arrivedNanos) {
        static final Chunk END = new Chunk(new byte[0], 0);
    }

    private void pipe(String stream, Socket from, Socket to, AtomicLong counted) {
        BlockingQueue<Chunk> arrived = new LinkedBlockingQueue<>();
        Thread reading = new Thread(() -> read(from, arrived), Thread.currentThread().getName() + "-read");
        reading.setDaemon(true);
        reading.start();
        try {
            OutputStream out = to.getOutputStream();
            for (Chunk chunk = arrived.take(); chunk != Chunk.END; chunk = arrived.take()) {
                if (!forward(stream, chunk, out, counted)) {
                    break;
                }
            }
        } catch (IOException e) {
            // One side went away; the link ends.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private static void read(Socket from, BlockingQueue<Chunk> arrived) {
        byte[] buffer = new byte[CHUNK];
        try {
            InputStream in = from.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                arrived.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime()));
            }
        } catch (IOException e) {
            // Closed or reset: what arrived before is still passed on, then the link ends.
        } finally {
            arrived.add(Chunk.END);
        }
    }

    /** @return false when a toxic ended the link */
    private boolean forward(String stream, Chunk chunk, OutputStream out, AtomicLong counted) throws IOException {
        byte[] data = chunk.data();
        int length = data.length;
        int send = length;
        boolean endAfter = false;
        long sliceBytes = 0;
        long sliceDelayMicros = 0;
        long sliceVariation = 0;
        for (Toxic toxic : toxics.apply(stream)) {
            if (!affected(toxic)) {
                continue;
            }
            switch (toxic.type()) {
                case "latency" -> pause(toxic.attribute("latency") + jitter(toxic.attribute("jitter"))
                        - (System.nanoTime() - chunk.arrivedNanos()) / 1_000_000);
                case "bandwidth" -> pause(toxic.attribute("rate") <= 0 ? 0
                        : length * 1000L / (toxic.attribute("rate") * 1024L));
                case "timeout" -> {
                    // Data is dropped while the toxic stands; the close, if any, comes from the proxy's timer.
                    return true;
                }
                case "limit_data" -> {
                    long room = toxic.attribute("bytes") - counted.get();
                    if (room <= length) {
                        send = (int) Math.max(0, room);
                        endAfter = true;
                    }
                }
                case "slicer" -> {
                    sliceBytes = toxic.attribute("average_size");
                    sliceVariation = toxic.attribute("size_variation");
                    sliceDelayMicros = toxic.attribute("delay");
                }
                default -> {
                    // reset_peer and slow_close act on the connection, not on its bytes.
                }
            }
        }
        write(out, data, send, sliceBytes, sliceVariation, sliceDelayMicros);
        counted.addAndGet(send);
        if (endAfter) {
            close();
            return false;
        }
        return true;
    }

    private static void write(OutputStream out, byte[] data, int length, long slice, long variation, long delayMicros)
            throws IOException {
        if (slice <= 0) {
            out.write(data, 0, length);
            out.flush();
            return;
        }
        int at = 0;
        while (at < length) {
            long size = Math.max(1, slice + (variation > 0 ? ThreadLocalRandom.current().nextLong(-variation, variation + 1) : 0));
            int piece = (int) Math.min(size, length - at);
            out.write(data, at, piece);
            out.flush();
            at += piece;
            pause(delayMicros / 1000);
        }
    }

    /** Ends the link as a TCP reset: the peer reads "connection reset", not an orderly end. */
    void reset() {
        try {
            client.setSoLinger(true, 0);
            server.setSoLinger(true, 0);
        } catch (IOException e) {
            // Closing below is what matters.
        }
        close();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    private static long jitter(long jitter) {
        return jitter <= 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis); // the injected delay itself, not a wait for an outcome
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
