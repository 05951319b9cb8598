package dev.hoshu.tunnel;

import io.netty.channel.Channel;

/**
 * Told when an enrolled device's tunnel is up: TLS done, client certificate verified against the
 * device CA. The broker binds its SSH client to the channel; the channel closing ends the tunnel.
 */
public interface TunnelListener {

    void tunnelOpened(DeviceIdentity device, Channel channel);
}
