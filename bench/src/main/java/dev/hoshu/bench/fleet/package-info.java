/**
 * The fleet benchmark ({@code bin/bench fleet|fleet-quick}): three broker nodes on one redis-server on this machine,
 * measured in one run: a session relayed over the peer link against the same session on the node that holds the
 * device's tunnel, sessions per second spread over the nodes, and device tunnels spread over the nodes as each
 * node's {@code hoshu_tunnels_connected} gauge counts them. Owns the plan, the three probes and the figures.
 */
package dev.hoshu.bench.fleet;
