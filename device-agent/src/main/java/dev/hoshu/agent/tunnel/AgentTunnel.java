package dev.hoshu.agent.tunnel;

import dev.hoshu.agent.enroll.AgentData;
import dev.hoshu.agent.enroll.EnrolledDevice;
import dev.hoshu.agent.renewal.CertificateRenewal;
import dev.hoshu.tunnel.BrokerEndpoint;
import dev.hoshu.tunnel.TunnelClient;
import dev.hoshu.tunnel.TunnelClientConfig;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import dev.hoshu.tunnel.ssh.UnboundSshServer;
import io.netty.channel.Channel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: its tunnels to the broker nodes ({@link TunnelPool}), each serving the agent's one SSH server,
 * so every tunnel reaches the same tools, on-site switch and stop logic.
 */
public final class AgentTunnel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentTunnel.class);

    private final EnrolledDevice device;
    private final UnboundSshServer sshServer;
    private final TunnelPool pool;
    private final CertificateRenewal renewal;
    private final List<Consumer<ServerSession>> whenUp = new CopyOnWriteArrayList<>();

    /**
     * One tunnel, to the broker the device enrolled with.
     *
     * @param certificateFile where the device certificate lives; renewals replace it atomically
     * @param backoffCap      the longest wait between redials
     */
    public AgentTunnel(EnrolledDevice device, Path certificateFile, UnboundSshServer sshServer,
            Duration heartbeatTimeout, Duration backoffCap) {
        this(device, certificateFile, sshServer, heartbeatTimeout, backoffCap,
                new NodeChoice(List.of(endpoint(device))), 1);
    }

    /**
     * @param nodes   the broker nodes to dial, in order of preference
     * @param tunnels how many tunnels to keep, each on a distinct node: 1 or 2
     */
    public AgentTunnel(EnrolledDevice device, Path certificateFile, UnboundSshServer sshServer,
            Duration heartbeatTimeout, Duration backoffCap, NodeChoice nodes, int tunnels) {
        this.device = device;
        this.sshServer = sshServer;
        BrokerEndpoint first = nodes.nodes().get(0);
        this.pool = new TunnelPool(nodes, tunnels, new TunnelClientConfig(first.host(), first.port(),
                device.key(), device.chain(), device.trustedCas(), heartbeatTimeout, null, null, backoffCap),
                this::serve);
        this.renewal = new CertificateRenewal(certificateFile, device.keyPair(), device.chain(), device.trustedCas(),
                new AgentData(certificateFile.toAbsolutePath().getParent()).ca(), pool::useCertificate,
                pool::useTrust, Clock.systemUTC());
    }

    static BrokerEndpoint endpoint(EnrolledDevice device) {
        return new BrokerEndpoint(device.broker().host(), device.broker().port());
    }

    /** Calls {@code listener} with the SSH session of every tunnel that comes up (register before {@link #start}). */
    public void whenUp(Consumer<ServerSession> listener) {
        whenUp.add(listener);
    }

    public void start() {
        LOG.info("agent for {} ({}) starting; {} tunnel(s) to brokers {}", device.deviceId(), device.hospital(),
                pool.clients().size(), pool.nodes());
        pool.start();
    }

    /** Connected while any of the agent's tunnels is up. */
    public boolean isConnected() {
        return pool.isConnected();
    }

    /** How many of the agent's tunnels are up. */
    public long connectedTunnels() {
        return pool.connectedTunnels();
    }

    private void serve(TunnelClient client, Channel channel) {
        Object broker = channel.remoteAddress();
        try {
            ServerSession session = SshOverNetty.server(sshServer, channel);
            DrainAnswerer.carriedBy(session, client);
            LOG.info("broker connected: SSH served on tunnel to {}", broker);
            renewal.tunnelUp(session);
            whenUp.forEach(listener -> listener.accept(session));
            channel.closeFuture().addListener(closed -> LOG.info("broker disconnected from tunnel to {}", broker));
        } catch (IOException e) {
            LOG.warn("tunnel to {} dropped: {}", broker, e.getMessage());
            channel.close();
        }
    }

    @Override
    public void close() throws IOException {
        renewal.close();
        pool.close();
        sshServer.stop(true);
    }
}
