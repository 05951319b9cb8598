package dev.hoshu.bench.tunnels;

import dev.hoshu.agent.DeviceAgentCommand;
import dev.hoshu.agent.enroll.EnrolledDevice;
import dev.hoshu.agent.inventory.Inventory;
import dev.hoshu.agent.inventory.InventoryAnswer;
import dev.hoshu.agent.sshd.AgentSshServer;
import dev.hoshu.agent.tunnel.DrainAnswerer;
import dev.hoshu.tunnel.TunnelClient;
import dev.hoshu.tunnel.TunnelClientConfig;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import dev.hoshu.tunnel.ssh.UnboundSshServer;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * One enrolled device as the real agent runs it, minus the tools: the agent's {@link TunnelClient} (TLS 1.3 with
 * the device certificate, ALPN, the broker's heartbeats, redial with backoff and full jitter) and the agent's SSH
 * server with its inventory and drain answers (a stopping broker asks each tunnel to move and waits for the
 * answer), bound to each tunnel it opens. It counts a tunnel as up when the broker has
 * logged in to that SSH server: the whole handshake, the broker's ledger check included, is then done.
 */
public final class SimulatedAgent implements AutoCloseable {

    private static final Inventory INVENTORY = new Inventory("bench-sim", null, "1.0");

    private final EnrolledDevice device;
    private final UnboundSshServer sshServer;
    private final TunnelClient client;
    private final AgentFleet fleet;
    private final AtomicInteger ups = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    private volatile boolean up;
    private volatile long phaseUpNanos = -1;

    SimulatedAgent(EnrolledDevice device, AgentFleet fleet, InetAddress source, Duration heartbeatTimeout,
            Duration backoffCap) {
        this.device = device;
        this.fleet = fleet;
        this.sshServer = AgentSshServer.start(device.keyPair(), device.brokerSshKey(),
                (channel, command) -> {
                    throw new IOException("simulated agents run no tools");
                },
                List.of(new InventoryAnswer(DeviceAgentCommand.VERSION, INVENTORY, Clock.systemUTC()),
                        new DrainAnswerer()));
        // One timer for the whole fleet instead of a thread per simulated device.
        sshServer.setScheduledExecutorService(fleet.sshTimers(), false);
        sshServer.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated) {
                    tunnelUp();
                }
            }

            @Override
            public void sessionClosed(Session session) {
                if (up) {
                    up = false;
                    drops.incrementAndGet();
                }
            }
        });
        this.client = new TunnelClient(new TunnelClientConfig(device.broker().host(), device.broker().port(),
                device.key(), device.chain(), device.trustedCas(), heartbeatTimeout, null, null, backoffCap),
                this::serve, fleet.loop(), fleet.callbacks(), source);
    }

    public String deviceId() {
        return device.deviceId();
    }

    public void start() {
        client.start();
    }

    public boolean isUp() {
        return up;
    }

    int ups() {
        return ups.get();
    }

    int drops() {
        return drops.get();
    }

    /** Forgets when the tunnel came up, so the next phase times its own first handshake. */
    void beginPhase() {
        phaseUpNanos = -1;
    }

    /** When the tunnel first came up in this phase (System.nanoTime), or -1. */
    long phaseUpNanos() {
        return phaseUpNanos;
    }

    private void tunnelUp() {
        long now = System.nanoTime();
        up = true;
        ups.incrementAndGet();
        if (phaseUpNanos < 0) {
            phaseUpNanos = now;
        }
        fleet.handshakeDone(now);
    }

    private void serve(Channel channel) {
        try {
            DrainAnswerer.carriedBy(SshOverNetty.server(sshServer, channel), client);
        } catch (IOException e) {
            channel.close();
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        sshServer.stop(true);
    }
}
