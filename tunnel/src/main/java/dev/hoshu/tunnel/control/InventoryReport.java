package dev.hoshu.tunnel.control;

/**
 * What the agent reports on every tunnel up: its version, the device's model, OS and firmware, the device
 * clock when it answered (only for the broker's offset measurement, never trusted as time), and the on-site switch.
 *
 * @param onSite the on-site switch as the agent sees it; {@code null} from an agent that does not report it
 * @param error  set instead of the rest when the agent refused to answer
 */
public record InventoryReport(String agentVersion, String model, String os, String firmware, long deviceTimeMillis,
                              SwitchReport onSite, String error) {
}
