/** The session recording format: JSON Lines events in a SHA-256 hash chain, sealed with an Ed25519 signature, and its verifier. */
package dev.hoshu.recording;
