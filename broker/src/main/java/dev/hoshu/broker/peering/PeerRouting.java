package dev.hoshu.broker.peering;

import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.apache.sshd.client.session.ClientSession;

/**
 * Routes a device channel in a fleet: to the device's tunnel on this node when it has one, otherwise over the peer
 * link to the node the {@link TunnelDirectory} names. An unreadable directory or an unreachable node refuses (the
 * exceptions carry one line); a directory naming this node while the tunnel is gone here routes nowhere.
 */
public final class PeerRouting implements DeviceRoutes {

    private final DeviceTunnels tunnels;
    private final TunnelDirectory directory;
    private final PeerLinks links;
    private final String nodeName;
    private final LongAdder relayed = new LongAdder();
    private final RelayedReports reports;

    public PeerRouting(DeviceTunnels tunnels, TunnelDirectory directory, PeerLinks links, String nodeName) {
        this(tunnels, directory, links, nodeName, null);
    }

    /** @param reports the stop and refusal reports of relayed sessions, both ways; null: not passed on */
    public PeerRouting(DeviceTunnels tunnels, TunnelDirectory directory, PeerLinks links, String nodeName,
                       RelayedReports reports) {
        this.reports = reports;
        this.tunnels = tunnels;
        this.directory = directory;
        this.links = links;
        this.nodeName = nodeName;
    }

    @Override
    public Optional<DeviceRoute> route(String device) {
        Optional<ClientSession> local = tunnels.session(device);
        if (local.isPresent()) {
            return local.map(DeviceRoute::local);
        }
        Optional<TunnelHolder> holder = directory.holder(device).filter(h -> !h.node().equals(nodeName));
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        ClientSession peer = links.session(holder.get());
        relayed.increment();
        return Optional.of(new DeviceRoute(peer, Map.of(PeerRelayCommand.DEVICE_ENV, device), holder.get().node()));
    }

    @Override
    public void shareDeviceReports(SessionRegistry sessions) {
        if (reports != null) {
            reports.serve(sessions);
        }
    }

    /** Sessions this node routed to a device over a peer link, since start. */
    public long relayedSessions() {
        return relayed.sum();
    }
}
