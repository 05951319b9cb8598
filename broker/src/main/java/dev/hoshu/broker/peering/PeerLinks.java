package dev.hoshu.broker.peering;

import dev.hoshu.tunnel.ssh.InboundHold;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's links to the other nodes of the fleet: one TLS connection with one SSH session per node, dialled when
 * first needed, reused by every relayed channel, dialled again once lost. The other end must present a node
 * certificate of the fleet naming the node the directory named, and the fleet's broker SSH key as its host key.
 */
public final class PeerLinks implements AutoCloseable {

    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(PeerLinks.class);

    private record Link(String address, ClientSession session) {
    }

    private final String nodeName;
    private final SSLContext tls;
    private final KeyPair brokerSsh;
    private final Duration handshakeTimeout;
    private final SshClient client;
    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final Map<String, Object> dialing = new ConcurrentHashMap<>();

    public PeerLinks(String nodeName, SSLContext tls, KeyPair brokerSsh, Duration handshakeTimeout,
                     Duration keepAlive) {
        this(nodeName, tls, brokerSsh, handshakeTimeout, keepAlive, null);
    }

    /**
     * @param reports takes the stop and refusal reports the holding nodes pass on for this node's relayed sessions;
     *                null: none
     */
    public PeerLinks(String nodeName, SSLContext tls, KeyPair brokerSsh, Duration handshakeTimeout,
                     Duration keepAlive, RelayedReports reports) {
        this.nodeName = nodeName;
        this.tls = tls;
        this.brokerSsh = brokerSsh;
        this.handshakeTimeout = handshakeTimeout;
        client = SshClient.setUpDefaultClient();
        client.setCipherFactories(List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm));
        client.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(brokerSsh));
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.setServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, keepAlive);
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, keepAlive.multipliedBy(3));
        if (reports != null) {
            List<RequestHandler<ConnectionService>> handlers = new ArrayList<>(client.getGlobalRequestHandlers());
            handlers.addAll(reports.handlers());
            client.setGlobalRequestHandlers(handlers);
        }
        client.start();
    }

    /**
     * The SSH session to {@code holder}'s node, reused when up.
     *
     * @throws PeerUnreachableException one line, when it cannot be dialled or is not the node it should be
     */
    public ClientSession session(TunnelHolder holder) {
        Link link = links.get(holder.node());
        if (usable(link, holder)) {
            return link.session();
        }
        synchronized (dialing.computeIfAbsent(holder.node(), node -> new Object())) {
            link = links.get(holder.node());
            if (usable(link, holder)) {
                return link.session();
            }
            if (link != null) {
                link.session().close(true);
            }
            ClientSession session = dial(holder);
            Link dialled = new Link(holder.peer(), session);
            links.put(holder.node(), dialled);
            session.addCloseFutureListener(f -> {
                if (links.remove(holder.node(), dialled)) {
                    log.info("peer link to node {} closed", holder.node());
                }
            });
            return session;
        }
    }

    private static boolean usable(Link link, TunnelHolder holder) {
        return link != null && link.address().equals(holder.peer()) && link.session().isOpen()
                && link.session().isAuthenticated();
    }

    private ClientSession dial(TunnelHolder holder) {
        String node = holder.node();
        int colon = holder.peer().lastIndexOf(':');
        String host;
        int port;
        try {
            host = holder.peer().substring(0, colon).replace("[", "").replace("]", "");
            port = Integer.parseInt(holder.peer().substring(colon + 1));
        } catch (RuntimeException e) {
            throw new PeerUnreachableException("node " + node + " advertises an unusable peer address "
                    + holder.peer(), e);
        }
        String where = "node " + node + " at " + holder.peer();
        Bootstrap bootstrap = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) handshakeTimeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("tls", PeerTls.client(tls, host, port, handshakeTimeout));
                        channel.pipeline().addLast(InboundHold.NAME, new InboundHold());
                    }
                });
        ChannelFuture connected = bootstrap.connect(host, port);
        if (!connected.awaitUninterruptibly(handshakeTimeout.toMillis() * 2) || !connected.isSuccess()) {
            connected.channel().close();
            throw new PeerUnreachableException(where + " cannot be reached: "
                    + oneLine(connected.cause()), connected.cause());
        }
        Channel channel = connected.channel();
        SslHandler handler = channel.pipeline().get(SslHandler.class);
        Future<Channel> handshake = handler.handshakeFuture();
        if (!handshake.awaitUninterruptibly(handshakeTimeout.toMillis() * 2) || !handshake.isSuccess()) {
            channel.close();
            throw new PeerUnreachableException(where + " refused: " + PeerTls.describe(handshake.cause()),
                    handshake.cause());
        }
        if (!PeerTls.agreedOnAlpn(handler)) {
            channel.close();
            throw new PeerUnreachableException(where + " does not speak " + PeerTls.ALPN + " (ALPN)", null);
        }
        X509Certificate certificate = PeerTls.peerCertificate(handler);
        String named = certificate == null ? null : NodeCertificates.nodeOf(certificate);
        if (!node.equals(named)) {
            channel.close();
            throw new PeerUnreachableException(where + " presents the certificate of node " + named
                    + ", not of node " + node, null);
        }
        try {
            ClientSession session = SshOverNetty.client(client, channel, OPEN_TIMEOUT,
                    (s, remote, key) -> KeyUtils.compareKeys(key, brokerSsh.getPublic()));
            session.setAttribute(PeerServer.PEER_NODE, node);
            log.info("peer link from node {} to {} up", nodeName, where);
            return session;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new PeerUnreachableException(where + ": " + oneLine(e), e);
        }
    }

    private static String oneLine(Throwable e) {
        if (e == null) {
            return "no answer in time";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

    @Override
    public void close() {
        links.values().forEach(link -> link.session().close(true));
        links.clear();
        client.stop();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
