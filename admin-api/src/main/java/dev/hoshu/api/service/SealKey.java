package dev.hoshu.api.service;

import java.time.Instant;

/**
 * A public key that seals recordings, by key id, as a PEM {@code PUBLIC KEY}.
 *
 * @param since   when it began to seal recordings
 * @param retired when a rotation replaced it, or {@code null} for the key that seals now; a retired key still
 *                verifies the recordings it sealed
 */
public record SealKey(String id, String publicKeyPem, Instant since, Instant retired) {
}
