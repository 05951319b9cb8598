package dev.hoshu.api.service;

/** A public key that seals recordings, by key id, as a PEM {@code PUBLIC KEY}. */
public record SealKey(String id, String publicKeyPem) {
}
