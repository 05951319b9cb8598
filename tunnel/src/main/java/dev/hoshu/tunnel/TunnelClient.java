package dev.hoshu.tunnel;

import dev.hoshu.tunnel.ssh.InboundHold;
import dev.hoshu.tunnel.tls.TunnelTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's tunnel: dials the broker (never listens), proves itself with the device
 * certificate, trusts only the pinned CA, and redials whenever the tunnel closes or stays silent longer than the
 * read-idle timeout: quickly after an established tunnel dropped, then with {@link Backoff} ({@link RedialTiming}).
 * Which node it dials is for its {@link DialTargets}; told to move (a draining node), it dials another node first
 * and lets the old tunnel go only when the broker closes it.
 */
public final class TunnelClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelClient.class);
    /** The pipeline name of the handler that watches a tunnel from its connect to its close. */
    private static final String TUNNEL = "tunnel";
    // Set on a tunnel whose node drains: its close is expected and redials nothing (a new tunnel is under way).
    private static final io.netty.util.AttributeKey<Boolean> MOVED = io.netty.util.AttributeKey.valueOf("hoshu.moved");
    private static final io.netty.util.AttributeKey<BrokerEndpoint> ENDPOINT =
            io.netty.util.AttributeKey.valueOf("hoshu.endpoint");

    private final TunnelClientConfig config;
    private final Consumer<Channel> onConnected;
    // Replaced when the device's certificate is renewed; the live tunnel keeps the session it has.
    private volatile SSLContext tls;
    private java.util.List<java.security.cert.X509Certificate> chain;
    private java.util.List<java.security.cert.X509Certificate> trustedCas;
    private final RedialTiming timing;
    private final DialTargets targets;
    private volatile BrokerEndpoint target;
    // The node a tunnel is moving away from while the new one comes up; never dialed meanwhile.
    private volatile BrokerEndpoint leaving;
    private final EventLoopGroup loop;
    private final ExecutorService callbacks;
    // A shared loop and executor (many simulated agents in one load process) belong to whoever passed them.
    private final boolean ownsThreads;
    private final java.net.InetAddress localAddress;
    private volatile boolean closed;
    private volatile Channel current;
    private volatile String lastRedial;

    /**
     * @param onConnected called on its own thread with each new tunnel, after TLS and ALPN
     *                    succeeded; typically binds the agent's SSH server to the channel
     */
    public TunnelClient(TunnelClientConfig config, Consumer<Channel> onConnected) {
        this(config, null, onConnected);
    }

    /**
     * A client that asks {@code targets} which broker node to dial each time (null: always the config's).
     */
    public TunnelClient(TunnelClientConfig config, DialTargets targets, Consumer<Channel> onConnected) {
        this(config, onConnected, new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()),
                Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, "tunnel-connected");
                    thread.setDaemon(true);
                    return thread;
                }), null, true, targets);
    }

    /**
     * A client on threads it shares with other clients and does not stop, dialing from the given local address
     * (null: the system's choice). Lets one load process run thousands of agents from several loopback addresses.
     */
    public TunnelClient(TunnelClientConfig config, Consumer<Channel> onConnected, EventLoopGroup sharedLoop,
            ExecutorService sharedCallbacks, java.net.InetAddress localAddress) {
        this(config, onConnected, sharedLoop, sharedCallbacks, localAddress, false, null);
    }

    private TunnelClient(TunnelClientConfig config, Consumer<Channel> onConnected, EventLoopGroup loop,
            ExecutorService callbacks, java.net.InetAddress localAddress, boolean ownsThreads, DialTargets targets) {
        this.loop = loop;
        this.callbacks = callbacks;
        this.localAddress = localAddress;
        this.ownsThreads = ownsThreads;
        this.config = config;
        this.onConnected = onConnected;
        this.chain = config.chain();
        this.trustedCas = config.trustedCas();
        this.tls = TunnelTls.clientContext(config.key(), chain, trustedCas);
        this.timing = new RedialTiming(new Backoff(config.backoffBase(), config.backoffCap()));
        this.targets = targets != null ? targets : DialTargets.only(new BrokerEndpoint(config.host(), config.port()));
    }

    /** Starts dialing; returns at once. */
    public void start() {
        loop.execute(() -> dialNext(null, false));
    }

    /** The node this client holds a tunnel to or dials now; {@code null} before the first dial. */
    public BrokerEndpoint target() {
        return target;
    }

    /** The node being drained that this client is moving away from, if any. */
    public BrokerEndpoint leaving() {
        return leaving;
    }

    /**
     * The node of the live tunnel is draining: dial another node now, and let the live tunnel go when the broker
     * closes it (its sessions may still run). The live tunnel stays the current one until the new one is up.
     *
     * @return the node dialed instead, or {@code null} when there is no tunnel, a move is under way, or no other
     *         node is free (then the tunnel stays until it closes, and the client redials as after any drop)
     */
    public synchronized BrokerEndpoint moveAway() {
        Channel live = current;
        if (closed || live == null || !live.isActive() || leaving != null) {
            return null;
        }
        BrokerEndpoint from = live.attr(ENDPOINT).get();
        BrokerEndpoint to = targets.next(from, true);
        if (to == null || to.equals(from)) {
            return null;
        }
        leaving = from;
        live.attr(MOVED).set(true);
        target = to;
        // Every agent of a draining node hears this at once: a short jitter spreads them over the other nodes.
        long delay = java.util.concurrent.ThreadLocalRandom.current().nextLong(RedialTiming.QUICK.toMillis() + 1);
        LOG.info("broker {} is draining; dialing broker {} in {} ms before letting the old tunnel go", from, to, delay);
        try {
            loop.schedule(() -> dial(to), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: nothing to dial
        }
        return to;
    }

    /**
     * Uses a renewed certificate chain (same device key) for every handshake from now on; the tunnel that is up
     * stays up, so sessions running in it are not disturbed.
     */
    public synchronized void useCertificate(java.util.List<java.security.cert.X509Certificate> chain) {
        this.chain = java.util.List.copyOf(chain);
        tls = TunnelTls.clientContext(config.key(), this.chain, trustedCas);
        LOG.info("next handshakes with broker {} use the certificate valid until {}", target,
                chain.get(0).getNotAfter().toInstant());
    }

    /**
     * Trusts these device CAs for the broker from the next handshake on (a device-CA rotation); the tunnel that is up
     * stays up.
     */
    public synchronized void useTrust(java.util.List<java.security.cert.X509Certificate> cas) {
        this.trustedCas = java.util.List.copyOf(cas);
        tls = TunnelTls.clientContext(config.key(), chain, trustedCas);
        LOG.info("next handshakes with broker {} trust {} device CA(s)", target, cas.size());
    }

    /** True while a tunnel is up (TLS done). */
    public boolean isConnected() {
        Channel channel = current;
        return channel != null && channel.isActive();
    }

    private void dialNext(BrokerEndpoint last, boolean lastFailed) {
        if (closed) {
            return;
        }
        BrokerEndpoint next = targets.next(last, lastFailed);
        if (next == null || next.equals(leaving)) {
            redial(last, true, "no broker node free to dial", timing.afterFailure());
            return;
        }
        target = next;
        dial(next);
    }

    private void dial(BrokerEndpoint endpoint) {
        if (closed) {
            return;
        }
        LOG.info("dialing broker {} (attempt {})", endpoint, timing.attempts() + 1);
        new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.attr(ENDPOINT).set(endpoint);
                        TunnelWatch watch = new TunnelWatch(endpoint);
                        channel.pipeline().addLast("heard", watch.firstByte());
                        channel.pipeline().addLast("tls", TunnelTls.clientHandler(tls, endpoint.host(),
                                endpoint.port(), config.handshakeTimeout()));
                        channel.pipeline().addLast(TUNNEL, watch);
                    }
                })
                .connect(new java.net.InetSocketAddress(endpoint.host(), endpoint.port()),
                        localAddress == null ? null : new java.net.InetSocketAddress(localAddress, 0))
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        redial(endpoint, true, "cannot reach broker " + endpoint + ": " + reason(connected.cause()),
                                refused(connected.cause()) ? timing.afterRefused() : timing.afterFailure());
                    }
                });
    }

    /** A broker that has not answered the SYN within 10 s is not there; its TLS answer may take longer (lobby). */
    private Duration connectTimeout() {
        Duration answer = config.handshakeTimeout();
        return answer.compareTo(TunnelTls.DEFAULT_HANDSHAKE_TIMEOUT) < 0 ? answer : TunnelTls.DEFAULT_HANDSHAKE_TIMEOUT;
    }

    /** Why the last redial was scheduled, as logged; null before the first. */
    String lastRedial() {
        return lastRedial;
    }

    private void redial(BrokerEndpoint last, boolean lastFailed, String why, Duration delay) {
        if (closed) {
            return;
        }
        LOG.info("{}; redialing in {} ms", why, delay.toMillis());
        lastRedial = why;
        try {
            loop.schedule(() -> dialNext(last, lastFailed), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: nothing to redial
        }
    }

    @Override
    public void close() {
        closed = true;
        Channel channel = current;
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (ownsThreads) {
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            callbacks.shutdownNow();
        }
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /**
     * True when nothing listened on the broker's port (a restart in progress): the kernel answered at once. A
     * connect that timed out is not one: the broker host may be gone or a firewall drops the dial.
     */
    static boolean refused(Throwable cause) {
        return cause instanceof java.net.ConnectException
                && !(cause instanceof io.netty.channel.ConnectTimeoutException);
    }

    private static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            return "no answer within the connect timeout";
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException
                    || t instanceof java.security.cert.CertPathValidatorException) {
                return "broker certificate is not issued by the CA pinned at enrollment (" + oneLine(t) + ")";
            }
            if (t instanceof org.bouncycastle.tls.TlsFatalAlertReceived received) {
                return "broker refused the connection: TLS alert "
                        + org.bouncycastle.tls.AlertDescription.getText(received.getAlertDescription());
            }
            // An alert this agent raised about a certificate can only be about the broker's: the one it judges.
            if (t instanceof org.bouncycastle.tls.TlsFatalAlert raised && isCertificateAlert(raised.getAlertDescription())) {
                return "broker certificate is not issued by the CA pinned at enrollment ("
                        + org.bouncycastle.tls.AlertDescription.getText(raised.getAlertDescription()) + ")";
            }
        }
        return oneLine(cause);
    }

    private static boolean isCertificateAlert(short alert) {
        return alert == org.bouncycastle.tls.AlertDescription.certificate_unknown
                || alert == org.bouncycastle.tls.AlertDescription.bad_certificate
                || alert == org.bouncycastle.tls.AlertDescription.unknown_ca
                || alert == org.bouncycastle.tls.AlertDescription.certificate_expired;
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replaceAll("\\p{Cntrl}", " ").strip();
    }

    /** Follows one connection from handshake to close, and schedules the redial when it ends. */
    private final class TunnelWatch extends ChannelInboundHandlerAdapter {

        private final BrokerEndpoint endpoint;
        private Instant upSince;
        private String closeReason;
        private boolean heard;
        private boolean timedOut;

        TunnelWatch(BrokerEndpoint endpoint) {
            this.endpoint = endpoint;
            this.closeReason = "broker " + endpoint + " closed the tunnel";
        }

        /** Sits before TLS and notes that the broker sent anything at all, then steps aside. */
        ChannelInboundHandlerAdapter firstByte() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                    heard = true;
                    ctx.pipeline().remove(this);
                    super.channelRead(ctx, msg);
                }
            };
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent done) {
                handshakeDone(ctx, done);
            } else if (event instanceof IdleStateEvent) {
                closeReason = "tunnel silent for " + seconds(config.readIdleTimeout());
                ctx.close();
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        private void handshakeDone(ChannelHandlerContext ctx, SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                // A broker that stays silent until our handshake timeout is not busy: it is unwell or not a broker.
                timedOut = done.cause() instanceof io.netty.handler.ssl.SslHandshakeTimeoutException;
                closeReason = "TLS handshake with broker " + endpoint + " failed: " + reason(done.cause());
                ctx.close();
                return;
            }
            if (!TunnelTls.agreedOnAlpn(ctx.pipeline().get(SslHandler.class))) {
                closeReason = "broker " + endpoint + " does not speak " + TunnelTls.ALPN;
                ctx.close();
                return;
            }
            // The silence limit counts from here: until now the broker's lobby may keep us waiting, quietly, for as
            // long as the handshake timeout allows. Counted from the connect, it closed every agent that waited 45 s.
            ctx.pipeline().addBefore(TUNNEL, "idle", new IdleStateHandler(config.readIdleTimeout().toMillis(), 0, 0,
                    TimeUnit.MILLISECONDS));
            upSince = Instant.now();
            Channel channel = ctx.channel();
            Channel before = current;
            current = channel;
            if (before != null && before.hasAttr(MOVED) && endpoint.equals(target)) {
                LOG.info("moved from draining broker {} to broker {}; the old tunnel closes when its sessions end",
                        leaving, endpoint);
            }
            ctx.pipeline().addLast(InboundHold.NAME, new InboundHold());
            LOG.info("tunnel to broker {} up", endpoint);
            callbacks.execute(() -> connected(channel));
        }

        private void connected(Channel channel) {
            try {
                onConnected.accept(channel);
            } catch (RuntimeException e) {
                LOG.warn("tunnel to broker {} dropped: {}", endpoint, e.getMessage(), e);
                channel.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Channel channel = ctx.channel();
            synchronized (TunnelClient.this) {
                if (current == channel) {
                    current = null;
                }
                if (Boolean.TRUE.equals(channel.attr(MOVED).get())) {
                    // A tunnel to the node we moved away from: the new one is up or being dialed already.
                    LOG.info("old tunnel to draining broker {} closed", endpoint);
                    if (endpoint.equals(leaving)) {
                        leaving = null;
                    }
                    super.channelInactive(ctx);
                    return;
                }
            }
            if (upSince != null) {
                Duration lived = Duration.between(upSince, Instant.now());
                redial(endpoint, false, closeReason + " after " + seconds(lived),
                        timing.afterDrop(lived, targets.size()));
            } else if (!heard && !timedOut) {
                redial(endpoint, true, "broker " + endpoint + " closed the connection before TLS (busy)",
                        timing.afterBusy());
            } else {
                redial(endpoint, true, closeReason, timing.afterFailure());
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeReason = "tunnel to broker " + endpoint + " failed: " + reason(cause);
            ctx.close();
        }
    }
}
