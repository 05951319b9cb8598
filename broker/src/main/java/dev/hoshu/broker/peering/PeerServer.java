package dev.hoshu.broker.peering;

import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.tunnel.ssh.InboundHold;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import dev.hoshu.tunnel.ssh.UnboundSshServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's peer port: mutual TLS with node certificates of the fleet, then an SSH server (MINA, never listening by
 * itself) whose only client is another node of the fleet. Inside, each session channel is relayed to a device tunnel
 * this node holds ({@link PeerRelayCommand}); no shell, no forwarding, no other channel type.
 */
public final class PeerServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerServer.class);
    /** The node on the other end of a peer session, as its certificate names it. */
    public static final AttributeRepository.AttributeKey<String> PEER_NODE = new AttributeRepository.AttributeKey<>();

    /** Told of each refused peer connection with a one-line reason. */
    public interface Refusals {
        void refused(SocketAddress from, String reason);
    }

    private final String host;
    private final int port;
    private final SSLContext tls;
    private final Duration handshakeTimeout;
    private final Refusals refusals;
    private final UnboundSshServer ssh;
    private final LongAdder relayed = new LongAdder();
    private final ExecutorService workers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "hoshu-peer-accept");
        thread.setDaemon(true);
        return thread;
    });
    private EventLoopGroup acceptors;
    private EventLoopGroup connections;
    private Channel listening;

    /**
     * @param brokerSsh the fleet's broker SSH key: this end's host key and the only key a peer may log in with
     */
    public PeerServer(String host, int port, SSLContext tls, Duration handshakeTimeout, KeyPair brokerSsh,
                      DeviceTunnels tunnels, String nodeName, Refusals refusals) {
        this(host, port, tls, handshakeTimeout, brokerSsh, tunnels, nodeName, refusals,
                new RelayedReports(nodeName, Clock.systemUTC(), refusals));
    }

    /** @param reports learns which peer relays which device, so the device's stop and refusal reports reach it */
    public PeerServer(String host, int port, SSLContext tls, Duration handshakeTimeout, KeyPair brokerSsh,
                      DeviceTunnels tunnels, String nodeName, Refusals refusals, RelayedReports reports) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.handshakeTimeout = handshakeTimeout;
        this.refusals = refusals;
        ssh = UnboundSshServer.setUpDefault();
        ssh.setKeyPairProvider(KeyPairProvider.wrap(brokerSsh));
        ssh.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        ssh.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, brokerSsh.getPublic()));
        ssh.setPasswordAuthenticator(null);
        ssh.setKeyboardInteractiveAuthenticator(null);
        ssh.setHostBasedAuthenticator(null);
        ssh.setGSSAuthenticator(null);
        ssh.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        ssh.setChannelFactories(List.of(ChannelSessionFactory.INSTANCE));
        ssh.setCommandFactory((channel, command) -> new PeerRelayCommand(command, tunnels, nodeName, relayed, reports));
        ssh.setSubsystemFactories(List.of(new SubsystemFactory() {
            @Override
            public String getName() {
                return PeerRelayCommand.SFTP;
            }

            @Override
            public org.apache.sshd.server.command.Command createSubsystem(
                    org.apache.sshd.server.channel.ChannelSession channel) {
                return new PeerRelayCommand(null, tunnels, nodeName, relayed, reports);
            }
        }));
        ssh.start();
    }

    /** Device channels this node relayed for other nodes, since start. */
    public long relayedForPeers() {
        return relayed.sum();
    }

    public synchronized InetSocketAddress start() {
        if (listening != null) {
            return (InetSocketAddress) listening.localAddress();
        }
        acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        connections = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(acceptors, connections)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("tls", PeerTls.server(tls, handshakeTimeout));
                        channel.pipeline().addLast("peer", new AfterHandshake());
                    }
                });
        try {
            listening = bootstrap.bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot listen for peer nodes on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) listening.localAddress();
        log.info("peer link listening on {}:{}", bound.getHostString(), bound.getPort());
        return bound;
    }

    private final class AfterHandshake extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (!(event instanceof SslHandshakeCompletionEvent done)) {
                super.userEventTriggered(ctx, event);
                return;
            }
            Channel channel = ctx.channel();
            if (!done.isSuccess()) {
                refuse(ctx, PeerTls.describe(done.cause()));
                return;
            }
            SslHandler handler = ctx.pipeline().get(SslHandler.class);
            if (!PeerTls.agreedOnAlpn(handler)) {
                refuse(ctx, "the other end does not speak " + PeerTls.ALPN + " (ALPN)");
                return;
            }
            X509Certificate certificate = PeerTls.peerCertificate(handler);
            if (certificate == null) {
                refuse(ctx, "no node certificate presented");
                return;
            }
            String node;
            try {
                node = NodeCertificates.nodeOf(certificate);
            } catch (IllegalArgumentException e) {
                refuse(ctx, e.getMessage());
                return;
            }
            ctx.pipeline().replace(this, InboundHold.NAME, new InboundHold());
            try {
                workers.execute(() -> serve(channel, node));
            } catch (RejectedExecutionException e) {
                channel.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("peer connection from {} failed", ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        SocketAddress from = ctx.channel().remoteAddress();
        ctx.close();
        log.warn("peer link from {} refused: {}", from, reason);
        try {
            workers.execute(() -> refusals.refused(from, reason));
        } catch (RejectedExecutionException e) {
            // stopping: nobody left to tell
        }
    }

    private void serve(Channel channel, String node) {
        try {
            ServerSession session = SshOverNetty.server(ssh, channel);
            session.setAttribute(PEER_NODE, node);
            log.info("peer link from node {} at {} up", node, channel.remoteAddress());
            channel.closeFuture().addListener(f -> log.info("peer link from node {} closed", node));
        } catch (IOException | RuntimeException e) {
            log.warn("peer link from node {} closed: {}", node, e.getMessage());
            channel.close();
        }
    }

    @Override
    public synchronized void close() {
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
