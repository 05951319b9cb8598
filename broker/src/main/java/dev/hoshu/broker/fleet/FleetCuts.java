package dev.hoshu.broker.fleet;

import dev.hoshu.access.Grant;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.locks.LockRules;
import dev.hoshu.broker.locks.LockedSubject;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.GrantLookup;
import dev.hoshu.broker.state.Lock;
import dev.hoshu.broker.state.LockStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the cuts other nodes publish to this node's own sessions: the sessions under a killed grant, on a
 * decommissioned device, or covered by a new lock. Each is checked in the shared store first (the grant revoked, the
 * device out of service, the lock standing), so a forged message can name a cut but never make one up; a store that
 * cannot answer lets the cut through, since a wrong cut is safer than a missed one. A decommissioned device's tunnel
 * to this node closes too.
 *
 * <p>Pub/sub delivers at most once: a cut published while this node's connection was away is lost. So
 * {@link #reconcile()}, run on every session-directory refresh, checks this node's live sessions against the shared
 * store and ends those whose grant was revoked, whose device left service or that a standing lock covers.
 */
public final class FleetCuts {

    private static final Logger log = LoggerFactory.getLogger(FleetCuts.class);

    private final LiveSessions local;
    private final LockStore locks;
    private final Clock clock;
    private final DeviceStore devices;
    private final TunnelCloser tunnels;
    private final GrantLookup grants;
    private Set<String> foundCutBefore = Set.of();

    /** Cuts for sessions only: no device ledger, no tunnels to close, grant cuts taken on the message's word. */
    public FleetCuts(LiveSessions local, LockStore locks, CutBus bus, Clock clock) {
        this(local, locks, bus, clock, null, (device, reason) -> false, null);
    }

    public FleetCuts(LiveSessions local, LockStore locks, CutBus bus, Clock clock, DeviceStore devices,
                     TunnelCloser tunnels, GrantLookup grants) {
        this.grants = grants;
        this.local = local;
        this.locks = locks;
        this.clock = clock;
        this.devices = devices;
        this.tunnels = tunnels;
        bus.subscribe(this::apply);
    }

    synchronized void apply(Cut cut) {
        switch (cut.kind()) {
            case "grant" -> {
                if (!revoked(cut.target())) {
                    log.warn("cut {} ignored: the shared store does not show grant {} revoked", cut, cut.target());
                    return;
                }
                local.list().stream().filter(s -> s.grantId().equals(cut.target())).filter(this::live).findFirst()
                        .ifPresent(session -> kill(cut, session.id(), cut.reason(), cut.by()));
            }
            case "device" -> {
                if (!outOfService(cut.target())) {
                    log.warn("cut {} ignored: the device ledger shows {} in service", cut, cut.target());
                    return;
                }
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

    /**
     * Ends this node's sessions that a lost or never-sent cut should have ended. A session found cut in the store is
     * ended on the next pass that still finds it so: its cut message gets one refresh to arrive and end it with the
     * words of whoever cut it. Quietly does nothing while the shared store cannot answer.
     */
    public synchronized void reconcile() {
        List<LiveSession> here = local.list().stream().filter(this::live).toList();
        Set<String> cutNow = new HashSet<>();
        try {
            Instant now = clock.instant();
            List<Lock> standing = here.isEmpty() ? List.of()
                    : locks.all().stream().filter(lock -> lock.activeAt(now)).toList();
            for (LiveSession session : here) {
                Optional<Runnable> cut = cutOf(session, standing);
                if (cut.isPresent()) {
                    cutNow.add(session.id());
                    if (foundCutBefore.contains(session.id())) {
                        cut.get().run();
                    }
                }
            }
        } catch (RuntimeException e) {
            log.debug("live sessions not checked against the shared store: {}", e.getMessage());
        }
        foundCutBefore = cutNow;
    }

    /** A session being cut stays registered until its channel closes: it is cut once. */
    private boolean live(LiveSession session) {
        return local.status(session.id()).map(status -> status.state().live()).orElse(true);
    }

    private Optional<Runnable> cutOf(LiveSession session, List<Lock> standing) {
        for (Lock lock : standing) {
            if (LockRules.covers(lock, LockedSubject.of(session))) {
                return Optional.of(() -> {
                    local.kill(session.id(), lock.reason() + " (lock " + lock.id() + ")", lock.by());
                    log.info("session {} ended on reconciling: lock {} covers it", session.id(), lock.id());
                });
            }
        }
        if (grants != null) {
            Optional<Grant> grant = grants.find(session.grantId());
            if (grant.isPresent() && grant.get().revokedAt() != null) {
                return Optional.of(() -> {
                    local.kill(session.id(), "its grant was revoked (" + grant.get().revokedReason() + ")", "hoshu");
                    log.info("session {} ended on reconciling: grant {} revoked", session.id(), session.grantId());
                });
            }
        }
        if (devices != null) {
            Optional<Device> device = devices.find(session.device()).filter(Device::outOfService);
            if (device.isPresent()) {
                Device out = device.get();
                return Optional.of(() -> {
                    local.endAllOn(out.id(), out.decommissioned().by(), "device " + out.id() + " decommissioned",
                            "ended: device " + out.id() + " decommissioned by " + out.decommissioned().by() + ": "
                                    + out.decommissioned().reason());
                    tunnels.disconnect(out.id(), "decommissioned by " + out.decommissioned().by());
                    log.info("session {} ended on reconciling: device {} decommissioned", session.id(), out.id());
                });
            }
        }
        return Optional.empty();
    }

    /** True unless the shared store shows the grant live: an unreadable store lets the cut through. */
    private boolean revoked(String grantId) {
        if (grants == null || grantId == null) {
            return true;
        }
        try {
            return grants.find(grantId).map(grant -> grant.revokedAt() != null).orElse(false);
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** True unless the ledger shows the device in service: an unreadable ledger lets the cut through. */
    private boolean outOfService(String device) {
        if (devices == null || device == null) {
            return true;
        }
        try {
            return devices.find(device).map(Device::outOfService).orElse(true);
        } catch (RuntimeException e) {
            return true;
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
            if (live(session) && LockRules.covers(lock, LockedSubject.of(session))) {
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
