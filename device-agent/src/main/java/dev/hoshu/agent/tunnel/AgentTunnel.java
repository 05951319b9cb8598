package dev.hoshu.agent.tunnel;

import dev.hoshu.agent.enroll.AgentData;
import dev.hoshu.agent.enroll.EnrolledDevice;
import dev.hoshu.agent.renewal.CertificateRenewal;
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

/** The running agent: a tunnel client that serves the agent's SSH server on every tunnel it opens. */
public final class AgentTunnel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentTunnel.class);

    private final EnrolledDevice device;
    private final UnboundSshServer sshServer;
    private final TunnelClient client;
    private final CertificateRenewal renewal;
    private final List<Consumer<ServerSession>> whenUp = new CopyOnWriteArrayList<>();

    /**
     * @param certificateFile where the device certificate lives; renewals replace it atomically
     * @param backoffCap      the longest wait between redials
     */
    public AgentTunnel(EnrolledDevice device, Path certificateFile, UnboundSshServer sshServer,
            Duration heartbeatTimeout, Duration backoffCap) {
        this.device = device;
        this.sshServer = sshServer;
        this.client = new TunnelClient(new TunnelClientConfig(device.broker().host(), device.broker().port(),
                device.key(), device.chain(), device.trustedCas(), heartbeatTimeout, null, null, backoffCap),
                this::serve);
        this.renewal = new CertificateRenewal(certificateFile, device.keyPair(), device.chain(), device.trustedCas(),
                new AgentData(certificateFile.toAbsolutePath().getParent()).ca(), client::useCertificate,
                client::useTrust, Clock.systemUTC());
    }

    /** Calls {@code listener} with the SSH session of every tunnel that comes up (register before {@link #start}). */
    public void whenUp(Consumer<ServerSession> listener) {
        whenUp.add(listener);
    }

    public void start() {
        LOG.info("agent for {} ({}) starting; broker {}", device.deviceId(), device.hospital(), device.broker());
        client.start();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    private void serve(Channel channel) {
        try {
            ServerSession session = SshOverNetty.server(sshServer, channel);
            LOG.info("broker connected: SSH served on tunnel to {}", device.broker());
            renewal.tunnelUp(session);
            whenUp.forEach(listener -> listener.accept(session));
            channel.closeFuture().addListener(closed -> LOG.info("broker disconnected from tunnel to {}",
                    device.broker()));
        } catch (IOException e) {
            LOG.warn("tunnel to {} dropped: {}", device.broker(), e.getMessage());
            channel.close();
        }
    }

    @Override
    public void close() throws IOException {
        renewal.close();
        client.close();
        sshServer.stop(true);
    }
}
