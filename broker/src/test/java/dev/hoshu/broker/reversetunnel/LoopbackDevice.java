package dev.hoshu.broker.reversetunnel;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.TunnelListener;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.ReportAnswer;
import dev.hoshu.tunnel.control.StopAnswer;
import dev.hoshu.tunnel.control.StopReport;
import dev.hoshu.tunnel.control.ToolRefusal;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.ssh.InboundHold;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import dev.hoshu.tunnel.ssh.UnboundSshServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.session.ServerSession;

/**
 * A stand-in device agent for tests: a MINA SSH server (never listening) bound to a real loopback
 * Netty connection, which the broker side hands to a {@link TunnelListener} as the tunnel server
 * would after TLS. The device's "tools" are {@link TestTools}.
 */
public final class LoopbackDevice implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final DeviceIdentity identity;
    private final KeyPair hostKey;
    private final UnboundSshServer agent;
    private final TestTools tools = new TestTools();
    private Channel acceptor;
    private Channel agentSide;
    private volatile ServerSession tunnel;

    /** A device whose SSH host key is the key of its certificate, as a real agent's is. */
    public static LoopbackDevice honest(String deviceId, String hospital, PublicKey brokerKey) {
        KeyPair key = DeviceCertificates.newEcKey();
        return new LoopbackDevice(identity(deviceId, hospital, key), key, brokerKey);
    }

    /** A device presenting an SSH host key other than the one its certificate certifies. */
    public static LoopbackDevice impostor(String deviceId, String hospital, PublicKey brokerKey) {
        KeyPair certified = DeviceCertificates.newEcKey();
        return new LoopbackDevice(identity(deviceId, hospital, certified), DeviceCertificates.newEcKey(), brokerKey);
    }

    private LoopbackDevice(DeviceIdentity identity, KeyPair hostKey, PublicKey brokerKey) {
        this.identity = identity;
        this.hostKey = hostKey;
        agent = UnboundSshServer.setUpDefault();
        agent.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        agent.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(brokerKey, key));
        agent.setChannelFactories(java.util.List.of(ChannelSessionFactory.INSTANCE));
        agent.setCommandFactory((channel, command) -> tools.command(command));
        agent.start();
    }

    private static DeviceIdentity identity(String deviceId, String hospital, KeyPair key) {
        return new DeviceIdentity(deviceId, hospital, DeviceCertificates.selfSignedCa(key, deviceId, Duration.ofDays(1)));
    }

    public DeviceIdentity identity() {
        return identity;
    }

    public TestTools tools() {
        return tools;
    }

    /** The same device (identity and key) on a second connection, as a redialing agent or a copied certificate. */
    public LoopbackDevice twin(PublicKey brokerKey) {
        return new LoopbackDevice(identity, hostKey, brokerKey);
    }

    /** Dials "the broker" over loopback and binds SSH on both ends, like an agent's tunnel after TLS. */
    public LoopbackDevice connectTo(TunnelListener broker) throws IOException, InterruptedException {
        dial(broker);
        tunnel = SshOverNetty.server(agent, agentSide);
        return this;
    }

    /** Dials and then says nothing: the broker's SSH login over this tunnel waits until its timeout. */
    public LoopbackDevice connectSilently(TunnelListener broker) throws InterruptedException {
        dial(broker);
        return this;
    }

    private void dial(TunnelListener broker) throws InterruptedException {
        acceptor = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(InboundHold.NAME, new InboundHold());
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ctx.pipeline().remove(this);
                                broker.tunnelOpened(identity, ctx.channel());
                                ctx.fireChannelActive();
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        agentSide = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(InboundHold.NAME, new InboundHold());
                    }
                })
                .connect(acceptor.localAddress()).sync().channel();
    }

    /** Confirms to the broker, as the agent does after a closed channel, that a session's tool tree is stopped. */
    public StopAnswer confirmStop(String session, int processes) throws IOException {
        return ControlRequests.ask(tunnel, ControlRequests.STOPPED, new StopReport(session, processes, Instant.now()),
                StopAnswer.class, Duration.ofSeconds(5));
    }

    /** Reports that this device refused a session's tool, as the agent's RefusalReport does. */
    public ReportAnswer reportRefusal(String session, String tool, String reason) throws IOException {
        return ControlRequests.ask(tunnel, ControlRequests.TOOL_REFUSED, new ToolRefusal(session, tool, reason),
                ReportAnswer.class, Duration.ofSeconds(5));
    }

    /** Whether the agent's end of the tunnel is still up. */
    public boolean isConnected() {
        return agentSide != null && agentSide.isActive();
    }

    /** Drops the tunnel as a network failure would. */
    public void disconnect() {
        if (agentSide != null) {
            agentSide.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() throws IOException {
        disconnect();
        if (acceptor != null) {
            acceptor.close().syncUninterruptibly();
        }
        agent.stop(true);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    KeyPair hostKey() {
        return hostKey;
    }
}
