package dev.hoshu.agent.tunnel;

import dev.hoshu.tunnel.BrokerEndpoint;
import dev.hoshu.tunnel.DialTargets;
import dev.hoshu.tunnel.TunnelClient;
import dev.hoshu.tunnel.TunnelClientConfig;
import io.netty.channel.Channel;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The agent's tunnels: one or two clients, each on a distinct broker node when there are enough, so the loss of one
 * node leaves the device reachable through the other. All serve the same agent; a renewed certificate or trust is
 * used by every client from its next handshake.
 */
public final class TunnelPool implements AutoCloseable {

    private final NodeChoice choice;
    private final List<TunnelClient> clients = new ArrayList<>();
    // What each tunnel chose last, set in the same step as the choice: two tunnels starting together must not both
    // see the other's node as free.
    private final BrokerEndpoint[] chosen = new BrokerEndpoint[2];

    /**
     * @param tunnels     how many tunnels to keep: 1, or 2 (needs two nodes)
     * @param onConnected called with the client and each tunnel it brings up
     */
    public TunnelPool(NodeChoice choice, int tunnels, TunnelClientConfig config,
            BiConsumer<TunnelClient, Channel> onConnected) {
        check(tunnels, choice.nodes().size());
        this.choice = choice;
        for (int i = 0; i < tunnels; i++) {
            TunnelClient[] self = new TunnelClient[1];
            self[0] = new TunnelClient(config, targetsFor(i), channel -> onConnected.accept(self[0], channel));
            clients.add(self[0]);
        }
    }

    /** @throws IllegalArgumentException one line, when the count is not 1 or 2 or exceeds the distinct nodes */
    public static void check(int tunnels, int nodes) {
        if (tunnels < 1 || tunnels > 2) {
            throw new IllegalArgumentException("--tunnels must be 1 or 2, not " + tunnels);
        }
        if (tunnels > nodes) {
            throw new IllegalArgumentException("--tunnels " + tunnels + " needs " + tunnels
                    + " distinct broker addresses (--broker HOST:PORT); " + nodes + " known");
        }
    }

    /** The default: two tunnels when the agent knows two nodes or more, else one. */
    public static int defaultTunnels(int nodes) {
        return nodes >= 2 ? 2 : 1;
    }

    private DialTargets targetsFor(int index) {
        return new DialTargets() {
            @Override
            public BrokerEndpoint next(BrokerEndpoint last, boolean lastFailed) {
                synchronized (TunnelPool.this) {
                    BrokerEndpoint next = choice.next(last, lastFailed, heldByOthersThan(index));
                    chosen[index] = next;
                    return next;
                }
            }

            @Override
            public int size() {
                return choice.nodes().size();
            }
        };
    }

    private synchronized Set<BrokerEndpoint> heldByOthersThan(int index) {
        Set<BrokerEndpoint> held = new HashSet<>();
        for (int i = 0; i < clients.size(); i++) {
            if (i != index) {
                addIfPresent(held, chosen[i]);
                addIfPresent(held, clients.get(i).target());
                // A node the other tunnel is leaving still carries that tunnel until the broker closes it.
                addIfPresent(held, clients.get(i).leaving());
            }
        }
        return held;
    }

    private static void addIfPresent(Set<BrokerEndpoint> held, BrokerEndpoint endpoint) {
        if (endpoint != null) {
            held.add(endpoint);
        }
    }

    public List<BrokerEndpoint> nodes() {
        return choice.nodes();
    }

    public List<TunnelClient> clients() {
        return List.copyOf(clients);
    }

    public void start() {
        clients.forEach(TunnelClient::start);
    }

    /** Connected while any tunnel is up. */
    public boolean isConnected() {
        return clients.stream().anyMatch(TunnelClient::isConnected);
    }

    public long connectedTunnels() {
        return clients.stream().filter(TunnelClient::isConnected).count();
    }

    public void useCertificate(List<X509Certificate> chain) {
        clients.forEach(client -> client.useCertificate(chain));
    }

    public void useTrust(List<X509Certificate> cas) {
        clients.forEach(client -> client.useTrust(cas));
    }

    @Override
    public void close() {
        clients.forEach(TunnelClient::close);
    }
}
