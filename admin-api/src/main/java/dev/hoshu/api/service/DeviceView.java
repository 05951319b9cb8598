package dev.hoshu.api.service;

import java.time.Instant;

/**
 * A device as the ledger shows it.
 *
 * @param status             {@code INVITED}, {@code ENROLLED} or {@code DECOMMISSIONED}
 * @param connectedSince     when its current tunnel came up, or {@code null} when offline
 * @param clockOffsetMs      device clock minus broker clock as the broker measured it, or {@code null}
 * @param clockOffsetWarning true when the offset is larger than the broker's warning threshold
 * @param decommissioned     who took it out of service, when and why; {@code null} while in service
 * @param onSite             the on-site switch as the agent last reported it; {@code null} when never reported
 */
public record DeviceView(String id, String hospital, String status, boolean online, Instant connectedSince,
                         String agentVersion, String model, String os, String firmware, Long clockOffsetMs,
                         boolean clockOffsetWarning, Instant certificateNotAfter, Instant lastSeen,
                         Decommissioned decommissioned, OnSite onSite) {

    /** Remote maintenance switched off (or on) by staff at the device, since when (broker time), and their note. */
    public record OnSite(boolean off, Instant since, String note) {
    }

    /** Who decommissioned a device, when and why. */
    public record Decommissioned(Instant at, String by, String reason) {
    }
}
