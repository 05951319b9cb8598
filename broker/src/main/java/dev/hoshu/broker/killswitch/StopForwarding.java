package dev.hoshu.broker.killswitch;

/**
 * Where a device's stop report goes when the session it names is not one of this node's: in a fleet, the node
 * whose engineer's session ran over a peer link to the tunnel here (docs/scale-out.md, "Proxy peering").
 */
@FunctionalInterface
public interface StopForwarding {

    /** A node alone: a report about a session it does not know goes nowhere. */
    StopForwarding NOWHERE = (device, stop) -> false;

    /**
     * Passes the report on, without waiting for the other node's answer.
     *
     * @return whether some other node may own the session (it relayed a channel of this device)
     */
    boolean forward(String device, DeviceStop stop);
}
