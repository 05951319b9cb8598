package dev.hoshu.tunnel;

import dev.hoshu.tunnel.enroll.EnrollmentAuthority;
import dev.hoshu.tunnel.tls.HandshakeRehearsal;
import dev.hoshu.tunnel.tls.TunnelTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's tunnel port. Every connection is TLS 1.3 with ALPN {@value TunnelTls#ALPN}; after
 * the handshake a connection with a device certificate becomes a tunnel (handed to the
 * {@link TunnelListener}) and one without becomes a single enrollment exchange. A connection that finds no room
 * for its handshake (the cap, or a busy listener) waits in the {@link ConnectionLobby}; one that would take a
 * descriptor of the reserve the port leaves to the rest of the broker is closed before TLS. From its construction
 * until the port opens, the server rehearses handshakes in memory ({@link HandshakeRehearsal}), alongside the rest
 * of the broker starting.
 */
public final class TunnelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelServer.class);

    private final TunnelServerConfig config;
    private final TunnelListener listener;
    private final EnrollmentAuthority enrollment;
    // Replaced by a device-CA rotation; connections already up keep the context they were accepted with.
    private volatile SSLContext tls;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final ConnectionLobby lobby;
    private final RefusalsBeforeTls refusals = new RefusalsBeforeTls(LOG::warn, System::nanoTime);
    private final AtomicInteger connectionsOpen = new AtomicInteger();
    private final long openFileLimit = openFileLimit();
    private final AtomicInteger workerIds = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "tunnel-worker-" + workerIds.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<HandshakeRehearsal.Result> rehearsal;
    private final CompletableFuture<Optional<String>> listenerRehearsal;
    private volatile boolean closing;
    private EventLoopGroup acceptors;
    private EventLoopGroup connections;
    private Channel listening;

    /**
     * @param listener   told about each tunnel on a worker thread, where it may block (SSH login)
     * @param enrollment signs CSRs; null refuses every enrollment
     */
    public TunnelServer(TunnelServerConfig config, TunnelListener listener, EnrollmentAuthority enrollment) {
        this.config = config;
        this.listener = listener;
        this.enrollment = enrollment;
        this.tls = TunnelTls.serverContext(config.key(), config.chain(), config.deviceCa());
        this.lobby = new ConnectionLobby(config.lobbySize(), config.lobbyWait(), new ConnectionLobby.Room() {
            @Override
            public Optional<String> take() {
                return takeRoom();
            }

            @Override
            public void giveBack() {
                handshakes.decrementAndGet();
            }
        }, this::startTls, this::refuseBeforeTls);
        boolean rehearse = !config.rehearsal().isZero();
        this.rehearsal = rehearse ? onItsOwnThread(() -> HandshakeRehearsal.run(config.key(), config.chain(),
                config.rehearsal(), () -> closing)) : CompletableFuture.completedFuture(null);
        this.listenerRehearsal = rehearse ? onItsOwnThread(() -> listener.rehearse(config.rehearsal(), () -> closing))
                : CompletableFuture.completedFuture(Optional.empty());
    }

    private static <T> CompletableFuture<T> onItsOwnThread(java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, task -> {
            Thread thread = new Thread(task, "tunnel-rehearsal");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Waits for the rehearsals, which end within their budget, and says what they did. */
    private void awaitRehearsal() {
        try {
            listenerRehearsal.join().ifPresent(LOG::info);
        } catch (java.util.concurrent.CompletionException e) {
            LOG.warn("rehearsal of what follows a tunnel's handshake failed: {}", e.getCause().toString());
        }
        HandshakeRehearsal.Result done;
        try {
            done = rehearsal.join();
        } catch (java.util.concurrent.CompletionException e) {
            LOG.warn("tunnel port rehearsal failed: {}; the port opens with the handshake code not yet compiled",
                    e.getCause());
            return;
        }
        if (done == null) {
            return;
        }
        if (done.problem() != null) {
            LOG.warn("tunnel port rehearsal stopped after {} TLS handshakes: {}; the port opens with the handshake code"
                    + " not yet compiled", done.handshakes(), done.problem());
            return;
        }
        LOG.info("tunnel port rehearsed {} TLS handshakes in memory in {} ms before opening, {} a second at the end",
                done.handshakes(), done.took().toMillis(), Math.round(done.lastSecondRate()));
    }

    /**
     * From the next connection on, present {@code chain} and accept device certificates of {@code deviceCas}; those
     * of {@code retired} CAs are refused by name. Tunnels already up are not touched.
     */
    public void retrust(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> deviceCas,
                        List<X509Certificate> retired) {
        tls = TunnelTls.serverContext(key, chain, deviceCas, retired);
        LOG.info("tunnel port now presents {} and accepts devices of {} device CA(s){}",
                chain.get(0).getSubjectX500Principal().getName(), deviceCas.size(),
                retired.isEmpty() ? "" : "; " + retired.size() + " retired");
    }

    /**
     * Binds the port and starts accepting, once the rehearsal has run its course.
     *
     * @throws IllegalStateException one line, if the port cannot be bound
     */
    public synchronized InetSocketAddress start() {
        if (listening != null) {
            return (InetSocketAddress) listening.localAddress();
        }
        awaitRehearsal();
        acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        connections = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(acceptors, connections)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        int open = connectionsOpen.incrementAndGet();
                        channel.closeFuture().addListener(closed -> connectionsOpen.decrementAndGet());
                        if (open > openFileLimit - config.descriptorReserve()) {
                            refuseBeforeTls(channel, "no descriptor to spare: " + (open - 1) + " connections are open"
                                    + " on the tunnel port, the process may open " + openFileLimit + " files and keeps "
                                    + config.descriptorReserve() + " for the rest of the broker");
                            return;
                        }
                        lobby.arrive(channel);
                    }
                });
        try {
            listening = bootstrap.bind(config.bindHost(), config.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot listen for tunnels on " + config.bindHost() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        // Room also frees when the listener stops being busy, which nobody announces: look every 10 ms.
        acceptors.next().scheduleAtFixedRate(() -> {
            lobby.letIn();
            refusals.flush();
        }, 10, 10, TimeUnit.MILLISECONDS);
        InetSocketAddress bound = (InetSocketAddress) listening.localAddress();
        LOG.info("tunnel server listening on {}:{}", bound.getHostString(), bound.getPort());
        return bound;
    }

    private void startTls(SocketChannel channel) {
        channel.pipeline().addLast("tls", TunnelTls.serverHandler(tls, channel.alloc(), config.handshakeTimeout(),
                config.allowTls12()));
        channel.pipeline().addLast("route", new HandshakeRouter(this::handshakeOver, listener, enrollment, workers));
    }

    /** Room for one more handshake: under the cap, and the listener not busy. */
    private Optional<String> takeRoom() {
        if (handshakes.incrementAndGet() > config.maxConcurrentHandshakes()) {
            handshakes.decrementAndGet();
            return Optional.of(config.maxConcurrentHandshakes() + " TLS handshakes in progress");
        }
        Optional<String> busy = listener.busy();
        if (busy.isPresent()) {
            handshakes.decrementAndGet();
        }
        return busy;
    }

    private void handshakeOver() {
        handshakes.decrementAndGet();
        lobby.letIn();
    }

    private void refuseBeforeTls(SocketChannel channel, String reason) {
        SocketAddress from = channel.remoteAddress();
        refusals.refused(from, reason);
        channel.close();
        tell(from, reason);
    }

    private void tell(SocketAddress from, String reason) {
        try {
            workers.execute(() -> {
                try {
                    listener.tunnelRefused(null, from, reason);
                } catch (RuntimeException e) {
                    LOG.warn("refusal of tunnel from {} could not be reported: {}", from, e.getMessage(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: nobody left to tell
        }
    }

    /** The process's open-file limit; unlimited where the JVM cannot tell. */
    static long openFileLimit() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
    }

    /** Connections open on the tunnel port: tunnels, handshakes, the lobby's and those being closed. */
    public int connectionsOpen() {
        return connectionsOpen.get();
    }

    /** What the rehearsal before the port opened did; empty while it runs, or when there was none. */
    public Optional<HandshakeRehearsal.Result> rehearsal() {
        return Optional.ofNullable(rehearsal.isCompletedExceptionally() ? null : rehearsal.getNow(null));
    }

    /** TLS handshakes started and not yet over. */
    public int handshakesInProgress() {
        return handshakes.get();
    }

    /** Connections waiting in the lobby for room to start their handshake. */
    public int waiting() {
        return lobby.size();
    }

    @Override
    public void close() {
        // Before the lock: a start() waiting for the rehearsal holds it, and this ends the rehearsal.
        closing = true;
        closeListening();
    }

    private synchronized void closeListening() {
        if (listening != null) {
            listening.close().syncUninterruptibly();
            listening = null;
        }
        if (connections != null) {
            connections.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            connections = null;
        }
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            acceptors = null;
        }
        workers.shutdownNow();
    }
}
