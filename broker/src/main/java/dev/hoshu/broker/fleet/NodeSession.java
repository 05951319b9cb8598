package dev.hoshu.broker.fleet;

import dev.hoshu.broker.killswitch.LiveSession;
import java.time.Instant;

/**
 * A live session as the fleet's directory lists it.
 *
 * @param node  the broker node that relays it
 * @param until when the entry lapses unless that node refreshes it: a crashed node's sessions fall out by themselves
 */
public record NodeSession(LiveSession session, String node, Instant until) {
}
