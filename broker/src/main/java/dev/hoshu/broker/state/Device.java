package dev.hoshu.broker.state;

import java.time.Instant;

/**
 * A device known to the broker, bound to one hospital from its first join token on.
 *
 * @param enrolledAt when its agent last enrolled, or {@code null} while only a join token exists
 */
public record Device(String id, String hospital, DeviceStatus status, Instant enrolledAt) {

    public Device enrolled(Instant at) {
        return new Device(id, hospital, DeviceStatus.ENROLLED, at);
    }
}
