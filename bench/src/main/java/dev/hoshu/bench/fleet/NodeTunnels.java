package dev.hoshu.bench.fleet;

/**
 * Device tunnels on one node.
 *
 * @param dialled the agents the bench pointed at this node (simulated ones, plus the real agent on the node holding it)
 * @param gauge   what the node's {@code hoshu_tunnels_connected} gauge reported
 */
public record NodeTunnels(String node, int dialled, int gauge) {
}
