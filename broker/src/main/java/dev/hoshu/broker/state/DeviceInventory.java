package dev.hoshu.broker.state;

import java.time.Instant;

/**
 * What a device's agent last reported, and its clock offset as the broker measured it.
 *
 * @param clockOffsetMs device clock minus broker clock, or {@code null} if it could not be measured
 * @param reportedAt    broker time of the report
 * @param onSite        its on-site switch; {@code null} when the agent never reported one
 */
public record DeviceInventory(String agentVersion, String model, String os, String firmware, Long clockOffsetMs,
                              Instant reportedAt, OnSiteSwitchState onSite) {

    public DeviceInventory withOnSite(OnSiteSwitchState state) {
        return new DeviceInventory(agentVersion, model, os, firmware, clockOffsetMs, reportedAt, state);
    }

    /** True while the agent's last word was that remote maintenance is switched off on site. */
    public boolean switchedOffOnSite() {
        return onSite != null && onSite.off();
    }
}
