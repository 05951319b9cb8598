package dev.hoshu.broker.peering;

import java.time.Instant;

/**
 * The node that holds a device's tunnel, as the directory shows it.
 *
 * @param peer the node's peer-link address, {@code host:port}
 */
public record TunnelHolder(String node, String peer, Instant since) {
}
