package dev.hoshu.api.service;

import java.time.Instant;

/** A running session as the API shows it. */
public record SessionView(String id, String grantId, String engineer, String company, String hospital,
                          String device, String command, Instant startedAt) {
}
