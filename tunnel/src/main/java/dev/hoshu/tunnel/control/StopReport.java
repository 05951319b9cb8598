package dev.hoshu.tunnel.control;

import java.time.Instant;

/**
 * The agent's confirmation that it stopped a session's tool after the broker closed its channel.
 *
 * @param processes how many processes of the tool's tree were stopped
 * @param stoppedAt when the last of them was gone, by the device's clock
 */
public record StopReport(String session, int processes, Instant stoppedAt) {
}
