package dev.hoshu.broker.peering;

import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import java.util.Optional;

/** Finds where a device channel can be opened from this node. */
public interface DeviceRoutes {

    /**
     * @return empty when no node of the fleet holds the device's tunnel
     * @throws dev.hoshu.broker.state.StateUnavailableException when the tunnel directory cannot be read
     * @throws PeerUnreachableException when the holding node cannot be reached
     */
    Optional<DeviceRoute> route(String device);

    /** The gateway's sessions, which stop and refusal reports relayed by other nodes reach (alone: none). */
    default void shareDeviceReports(SessionRegistry sessions) {
    }

    /** One node on the file store: its own tunnels only. */
    static DeviceRoutes localOnly(DeviceTunnels tunnels) {
        return device -> tunnels.session(device).map(DeviceRoute::local);
    }
}
