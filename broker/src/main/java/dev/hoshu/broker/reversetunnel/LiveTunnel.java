package dev.hoshu.broker.reversetunnel;

import java.time.Instant;

/**
 * A device's tunnel on this node as the ledger shows it.
 *
 * @param clockOffsetMs device clock minus broker clock as measured on this tunnel, or {@code null} before that
 */
public record LiveTunnel(String deviceId, Instant connectedSince, Long clockOffsetMs) {

    LiveTunnel measured(long offsetMs) {
        return new LiveTunnel(deviceId, connectedSince, offsetMs);
    }
}
