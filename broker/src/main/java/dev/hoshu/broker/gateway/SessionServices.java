package dev.hoshu.broker.gateway;

import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every engineer command needs from the broker node to become a session.
 *
 * @param timer cuts sessions when their grant ends
 * @param audit where session starts, refusals and the broker's own cuts are recorded
 * @param locks  checked again once a session is registered, so a lock made meanwhile still ends it
 */
record SessionServices(CommandAdmission admission, RecordingStore recordings, DeviceTunnels tunnels,
                       SessionRegistry registry, String nodeName, Clock clock, ScheduledExecutorService timer,
                       GatewayAudit audit, ActiveLocks locks) {
}
