package dev.hoshu.broker.killswitch;

import dev.hoshu.tunnel.control.ToolRefusal;

/**
 * Where a device's report about a session goes when the session it names is not one of this node's: in a fleet, the
 * node whose engineer's session ran over a peer link to the tunnel here (docs/scale-out.md, "Proxy peering").
 * Both kinds pass on without waiting for the other node's answer: they come on the tunnel's I/O thread.
 */
public interface OtherNodesReports {

    /** A node alone: a report about a session it does not know goes nowhere. */
    OtherNodesReports NOWHERE = new OtherNodesReports() {
        @Override
        public boolean forwardStop(String device, DeviceStop stop) {
            return false;
        }

        @Override
        public boolean forwardRefusal(String device, ToolRefusal refusal) {
            return false;
        }
    };

    /** @return whether some other node may own the session (it relayed a channel of this device) */
    boolean forwardStop(String device, DeviceStop stop);

    /** @return whether some other node may own the session (it relayed a channel of this device) */
    boolean forwardRefusal(String device, ToolRefusal refusal);
}
