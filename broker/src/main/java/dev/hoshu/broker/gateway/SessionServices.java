package dev.hoshu.broker.gateway;

import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.observe.Observers;
import dev.hoshu.broker.peering.DeviceRoutes;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every engineer command needs from the broker node to become a session.
 *
 * @param timer warns and cuts sessions when their grant ends, ends sessions nobody observes
 * @param audit where session starts, refusals and the broker's own cuts are recorded
 * @param locks  checked again once a session is registered, so a lock made meanwhile still ends it
 * @param timings the grant-end warning's lead and the longest wait for an observer
 * @param observers who watches which session; every session is watchable once registered
 * @param routes where a device channel opens: this node's tunnel, or a peer node's in a fleet
 */
record SessionServices(CommandAdmission admission, RecordingStore recordings, DeviceTunnels tunnels,
                       SessionRegistry registry, String nodeName, Clock clock, ScheduledExecutorService timer,
                       GatewayAudit audit, ActiveLocks locks, SessionTimings timings, Observers observers,
                       ToolTrust toolTrust, DeviceRoutes routes) {
}
