package dev.hoshu.broker.peering;

import java.time.Instant;

/**
 * A device's stop report as the node holding its tunnel passes it on to the node whose session it is.
 *
 * @param device    the device whose tunnel carried the report (the holding node's word, never the report's)
 * @param session   the session the device says it stopped
 * @param processes how many processes of the tool's tree the device stopped
 * @param stoppedAt when the device says it finished, by its own clock
 */
record RelayedStop(String device, String session, int processes, Instant stoppedAt) {
}
