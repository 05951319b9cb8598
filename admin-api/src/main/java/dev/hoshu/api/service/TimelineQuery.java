package dev.hoshu.api.service;

import java.time.Instant;

/** Exactly one of {@code device} and {@code engineer}; {@code from} inclusive, {@code to} exclusive. */
public record TimelineQuery(String device, String engineer, Instant from, Instant to) {
}
