package dev.hoshu.broker.killswitch;

import java.time.Instant;

/**
 * A device's confirmation that it stopped a session's tool.
 *
 * @param processes  how many processes of the tool's tree the device stopped
 * @param deviceTime when the device says it finished, by its own clock (for the record, not trusted)
 * @param receivedAt when the broker received the confirmation, by the broker's clock
 */
public record DeviceStop(String sessionId, int processes, Instant deviceTime, Instant receivedAt) {
}
