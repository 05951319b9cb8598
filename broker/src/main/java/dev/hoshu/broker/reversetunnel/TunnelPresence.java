package dev.hoshu.broker.reversetunnel;

import java.time.Instant;

/** Told when a device's tunnel comes up or goes down on this node; must not block (it runs on tunnel threads). */
public interface TunnelPresence {

    void online(String deviceId, Instant since);

    void offline(String deviceId);
}
