package dev.hoshu.broker.fleet;

import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.locks.LockRules;
import dev.hoshu.broker.locks.LockedSubject;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.Lock;
import dev.hoshu.broker.state.LockStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the cuts other nodes publish to this node's own sessions: the sessions under a killed grant, on a
 * decommissioned device, or covered by a new lock (read from the shared store, so a forged message can name a lock
 * but never make one up). A decommissioned device's tunnel to this node closes too, once the shared device ledger
 * confirms the decommissioning: a forged message cannot take a device off line.
 */
public final class FleetCuts {

    private static final Logger log = LoggerFactory.getLogger(FleetCuts.class);

    private final LiveSessions local;
    private final LockStore locks;
    private final Clock clock;
    private final DeviceStore devices;
    private final TunnelCloser tunnels;

    /** Cuts for sessions only: no device ledger, no tunnels to close. */
    public FleetCuts(LiveSessions local, LockStore locks, CutBus bus, Clock clock) {
        this(local, locks, bus, clock, null, (device, reason) -> false);
    }

    public FleetCuts(LiveSessions local, LockStore locks, CutBus bus, Clock clock, DeviceStore devices,
                     TunnelCloser tunnels) {
        this.local = local;
        this.locks = locks;
        this.clock = clock;
        this.devices = devices;
        this.tunnels = tunnels;
        bus.subscribe(this::apply);
    }

    void apply(Cut cut) {
        switch (cut.kind()) {
            case "grant" -> local.list().stream().filter(s -> s.grantId().equals(cut.target())).findFirst()
                    .ifPresent(session -> kill(cut, session.id(), cut.reason(), cut.by()));
            case "device" -> {
                List<String> ended = local.endAllOn(cut.target(), cut.by(), cut.reason(),
                        cut.how() == null ? "ended: device " + cut.target() + " cut by " + cut.by() : cut.how());
                if (!ended.isEmpty()) {
                    log.info("cut {}: ended {}", cut, ended);
                }
                closeTunnelIfDecommissioned(cut);
            }
            case "lock" -> locks.find(cut.target()).filter(lock -> lock.activeAt(clock.instant()))
                    .ifPresent(this::endCovered);
            default -> log.warn("cut of unknown kind {} from {} ignored", cut.kind(), cut.origin());
        }
    }

    private void closeTunnelIfDecommissioned(Cut cut) {
        if (devices == null) {
            return;
        }
        try {
            devices.find(cut.target()).filter(Device::outOfService).ifPresent(device -> {
                if (tunnels.disconnect(device.id(), "decommissioned by " + device.decommissioned().by()
                        + " (on node " + cut.origin() + ")")) {
                    log.info("cut {}: closed the device's tunnel to this node", cut);
                }
            });
        } catch (RuntimeException e) {
            // Redis away: the device's next handshake reads the ledger again and is refused there once it answers.
            log.warn("cut {}: device ledger unreadable, tunnel left to the next admission: {}", cut, e.getMessage());
        }
    }

    private void endCovered(Lock lock) {
        String why = lock.reason() + " (lock " + lock.id() + ")";
        for (LiveSession session : local.list()) {
            if (LockRules.covers(lock, LockedSubject.of(session))) {
                local.kill(session.id(), why, lock.by());
                log.info("lock {} from another node ended session {}", lock.id(), session.id());
            }
        }
    }

    private void kill(Cut cut, String sessionId, String reason, String by) {
        if (local.kill(sessionId, reason == null ? "killed on another node" : reason, by == null ? "?" : by)) {
            log.info("cut {}: ended session {} and every session under its grant", cut, sessionId);
        }
    }
}
