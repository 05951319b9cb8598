package dev.hoshu.agent.tunnel;

import dev.hoshu.agent.enroll.EnrolledDevice;
import dev.hoshu.tunnel.TunnelClient;
import dev.hoshu.tunnel.TunnelClientConfig;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import dev.hoshu.tunnel.ssh.UnboundSshServer;
import io.netty.channel.Channel;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running agent: a tunnel client that serves the agent's SSH server on every tunnel it opens. */
public final class AgentTunnel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentTunnel.class);

    private final EnrolledDevice device;
    private final UnboundSshServer sshServer;
    private final TunnelClient client;

    public AgentTunnel(EnrolledDevice device, UnboundSshServer sshServer, Duration heartbeatTimeout) {
        this.device = device;
        this.sshServer = sshServer;
        this.client = new TunnelClient(new TunnelClientConfig(device.broker().host(), device.broker().port(),
                device.key(), device.chain(), device.ca(), heartbeatTimeout, null, null, null), this::serve);
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
            SshOverNetty.server(sshServer, channel);
            LOG.info("broker connected: SSH served on tunnel to {}", device.broker());
            channel.closeFuture().addListener(closed -> LOG.info("broker disconnected from tunnel to {}",
                    device.broker()));
        } catch (IOException e) {
            LOG.warn("tunnel to {} dropped: {}", device.broker(), e.getMessage());
            channel.close();
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        sshServer.stop(true);
    }
}
