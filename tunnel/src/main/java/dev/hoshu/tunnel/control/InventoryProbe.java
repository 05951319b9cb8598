package dev.hoshu.tunnel.control;

/** The broker's inventory request; its body carries nothing but the broker's send time, for the agent's logs. */
public record InventoryProbe(long brokerTimeMillis) {
}
