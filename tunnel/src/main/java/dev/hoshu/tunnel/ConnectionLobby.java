package dev.hoshu.tunnel;

import io.netty.channel.socket.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Connections the tunnel port has accepted but has no room to start a TLS handshake for yet (the handshake cap is
 * reached, or the listener is busy). They wait here unread, in the order they came, and start as soon as there is
 * room; one that has waited the lobby's whole wait, or that finds the lobby full, is closed before a byte of TLS,
 * which its agent reads as "busy".
 *
 * <p>Why wait rather than close at once: an agent that is closed on backs off (up to 30 s), and in a reconnect storm
 * the broker then runs out of agents to serve while thousands still sit out their backoff. A connection waiting
 * here costs a descriptor and a few hundred bytes; the agent waits for the TLS answer longer than the lobby's wait
 * plus the handshake timeout ({@link dev.hoshu.tunnel.tls.TunnelTls#DEFAULT_CLIENT_HANDSHAKE_TIMEOUT}).
 */
final class ConnectionLobby {

    /** Makes room for one handshake: empty when it took the room, else why there is none. */
    interface Room {
        Optional<String> take();

        void giveBack();
    }

    private record Waiting(SocketChannel channel, AtomicBoolean claimed) {
    }

    private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final int capacity;
    private final Duration wait;
    private final Room room;
    private final Consumer<SocketChannel> start;
    private final BiConsumer<SocketChannel, String> refuse;
    private volatile String lastFull = "no room";

    /**
     * @param start  begins the handshake of a connection let in, on its event loop; the room is already taken
     * @param refuse closes a connection that cannot wait, with the reason
     */
    ConnectionLobby(int capacity, Duration wait, Room room, Consumer<SocketChannel> start,
            BiConsumer<SocketChannel, String> refuse) {
        this.capacity = capacity;
        this.wait = wait;
        this.room = room;
        this.start = start;
        this.refuse = refuse;
    }

    /** A new connection: started at once if nobody waits and there is room, else it queues behind the others. */
    void arrive(SocketChannel channel) {
        if (waiting.get() == 0 && room.take().isEmpty()) {
            start.accept(channel);
            return;
        }
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            refuse.accept(channel, "lobby full: " + capacity + " connections already wait for room for a TLS handshake ("
                    + lastFull + ")");
            return;
        }
        channel.config().setAutoRead(false);
        Waiting entry = new Waiting(channel, new AtomicBoolean());
        queue.add(entry);
        channel.eventLoop().schedule(() -> {
            if (entry.claimed().compareAndSet(false, true)) {
                waiting.decrementAndGet();
                refuse.accept(channel, "no room for a TLS handshake within " + readable(wait) + " (" + lastFull + ")");
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        letIn();
    }

    /** Starts the handshakes of the longest-waiting connections while there is room; call when room may be free. */
    void letIn() {
        while (waiting.get() > 0) {
            Optional<String> full = room.take();
            if (full.isPresent()) {
                lastFull = full.get();
                return;
            }
            Waiting next = claimNext();
            if (next == null) {
                room.giveBack();
                return;
            }
            waiting.decrementAndGet();
            SocketChannel channel = next.channel();
            channel.eventLoop().execute(() -> {
                if (!channel.isActive()) {
                    room.giveBack();
                    return;
                }
                start.accept(channel);
                channel.config().setAutoRead(true);
            });
        }
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** How many connections wait now. */
    int size() {
        return waiting.get();
    }

    private Waiting claimNext() {
        for (Waiting next = queue.poll(); next != null; next = queue.poll()) {
            if (next.claimed().compareAndSet(false, true)) {
                return next;
            }
            // its wait ran out and it was closed: already uncounted
        }
        return null;
    }
}
