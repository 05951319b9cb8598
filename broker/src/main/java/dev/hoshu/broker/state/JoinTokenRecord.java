package dev.hoshu.broker.state;

import java.time.Instant;

/**
 * A join token as stored: only the SHA-256 of its secret, so the state files cannot be used to enroll.
 *
 * @param usedAt when an agent used it, or {@code null}
 */
public record JoinTokenRecord(String tokenId, String secretSha256, String deviceId, String hospital, String createdBy,
                              Instant createdAt, Instant expiresAt, Instant usedAt) {

    public JoinTokenRecord used(Instant at) {
        return new JoinTokenRecord(tokenId, secretSha256, deviceId, hospital, createdBy, createdAt, expiresAt, at);
    }
}
