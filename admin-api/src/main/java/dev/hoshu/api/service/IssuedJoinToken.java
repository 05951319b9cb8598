package dev.hoshu.api.service;

import java.time.Instant;

/** A one-time device join token ({@code hjt1.…}) and when it stops working. */
public record IssuedJoinToken(String token, Instant expiresAt) {
}
