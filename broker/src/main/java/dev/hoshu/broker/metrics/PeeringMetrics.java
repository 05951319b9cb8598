package dev.hoshu.broker.metrics;

import dev.hoshu.broker.peering.PeerRouting;
import dev.hoshu.broker.peering.PeerServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Sessions relayed between the nodes of a fleet: those this node sent over a peer link, those it relayed for one. */
final class PeeringMetrics implements MeterBinder {

    private final PeerRouting routing;
    private final PeerServer server;

    PeeringMetrics(PeerRouting routing, PeerServer server) {
        this.routing = routing;
        this.server = server;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("hoshu.sessions.relayed", routing, PeerRouting::relayedSessions)
                .tag("direction", "out")
                .description("engineer sessions on this node whose device tunnel another node holds")
                .register(registry);
        FunctionCounter.builder("hoshu.sessions.relayed", server, PeerServer::relayedForPeers)
                .tag("direction", "in")
                .description("device channels this node relayed to its tunnels for other nodes")
                .register(registry);
    }
}
