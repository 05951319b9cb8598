package dev.hoshu.broker.state;

import java.time.Instant;

/**
 * What a device's agent last reported, and its clock offset as the broker measured it.
 *
 * @param clockOffsetMs device clock minus broker clock, or {@code null} if it could not be measured
 * @param reportedAt    broker time of the report
 */
public record DeviceInventory(String agentVersion, String model, String os, String firmware, Long clockOffsetMs,
                              Instant reportedAt) {
}
