package dev.hoshu.tunnel.control;

/**
 * Broker to agent: this node is shutting down; connect to another node and let this tunnel go once its sessions
 * end. {@code node} names the draining node for the agent's log; {@code seconds} is how long it lets sessions run.
 */
public record DrainRequest(String node, long seconds) {
}
