package dev.hoshu.broker.peering;

/**
 * A device's refusal of a session's tool as the node holding its tunnel passes it on to the node whose session it is.
 *
 * @param device  the device whose tunnel carried the report (the holding node's word, never the report's)
 * @param session the session whose tool the device says it refused
 * @param tool    the tool it refused, as the device names it
 * @param reason  the device's one line, as the engineer was shown it
 */
record RelayedRefusal(String device, String session, String tool, String reason) {
}
