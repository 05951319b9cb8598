package dev.hoshu.broker.state;

import java.time.Instant;

/** Who took a device out of service, when and why. */
public record Decommissioning(Instant at, String by, String reason) {
}
