package dev.hoshu.broker.peering;

import java.util.Map;
import org.apache.sshd.client.session.ClientSession;

/**
 * Where to open a device channel: the device's own tunnel session on this node, or the peer link to the node that
 * holds it, with the channel environment that names the device there.
 *
 * @param via the node that holds the tunnel when the channel is relayed, or {@code null} when it is local
 */
public record DeviceRoute(ClientSession session, Map<String, String> channelEnv, String via) {

    public DeviceRoute {
        channelEnv = Map.copyOf(channelEnv);
    }

    public static DeviceRoute local(ClientSession session) {
        return new DeviceRoute(session, Map.of(), null);
    }

    public boolean relayed() {
        return via != null;
    }
}
