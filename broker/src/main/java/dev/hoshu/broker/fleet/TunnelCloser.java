package dev.hoshu.broker.fleet;

/** Closes the tunnel a device holds to this node, if it holds one (the reverse tunnels do it). */
@FunctionalInterface
public interface TunnelCloser {

    /** @return whether this node held a tunnel of the device */
    boolean disconnect(String deviceId, String reason);
}
