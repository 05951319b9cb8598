package dev.hoshu.tunnel;

import io.netty.channel.Channel;
import java.net.SocketAddress;

/**
 * Told when an enrolled device's tunnel is up: TLS done, client certificate verified against the
 * device CA. The broker binds its SSH client to the channel; the channel closing ends the tunnel.
 */
public interface TunnelListener {

    void tunnelOpened(DeviceIdentity device, Channel channel);

    /**
     * Told when the tunnel port refused a device's certificate during the handshake (expired, another CA,
     * malformed names), so the broker can audit it. Called off the network threads.
     *
     * @param claimedDevice the device id the certificate names, unproven; {@code null} when it names none
     * @param reason        one line
     */
    default void tunnelRefused(String claimedDevice, SocketAddress from, String reason) {
    }
}
