package dev.hoshu.broker.killswitch;

import java.time.Instant;

/** A session running now: what the API lists and what a kill targets. */
public record LiveSession(String id, String grantId, String engineer, String company, String hospital,
                          String device, String command, Instant startedAt) {
}
