package dev.hoshu.broker.locks;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Grant;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.LockService;
import dev.hoshu.api.service.LockTarget;
import dev.hoshu.api.service.LockView;
import dev.hoshu.api.service.NewLock;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.notify.CutNotice;
import dev.hoshu.broker.notify.CutNotifier;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.Lock;
import dev.hoshu.broker.state.LockKind;
import dev.hoshu.broker.state.LockStore;
import dev.hoshu.broker.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands and lifts locks for a hospital's approvers and admins. A new lock is stored (and audited) first, so no
 * session can start under it, then every grant it covers is revoked and every live session it covers is ended.
 */
public final class Locks implements LockService {

    private static final Logger log = LoggerFactory.getLogger(Locks.class);
    /** A lock with a time limit holds at most thirty days; longer cuts are unlocked by hand. */
    static final int MAX_MINUTES = 30 * 24 * 60;

    private final LockStore store;
    private final ActiveLocks active;
    private final LockTargets targets;
    private final GrantStore grants;
    private final LiveSessions live;
    private final AuditTrail audit;
    private final CutNotifier notifier;
    private final Clock clock;

    public Locks(LockStore store, DeviceStore devices, GrantStore grants, LiveSessions live, AuditTrail audit,
                 Clock clock) {
        this(store, devices, grants, live, audit, CutNotifier.NONE, clock);
    }

    public Locks(LockStore store, DeviceStore devices, GrantStore grants, LiveSessions live, AuditTrail audit,
                 CutNotifier notifier, Clock clock) {
        this.notifier = notifier;
        this.store = store;
        this.active = new ActiveLocks(store, clock);
        this.targets = new LockTargets(devices, live);
        this.grants = grants;
        this.live = live;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public LockView lock(Actor actor, NewLock asked) {
        LockTarget target = asked == null ? null : asked.target();
        String described = target == null ? null : target.kind() + " " + target.value();
        try {
            requireStaff(actor, "locking");
            if (asked == null || target == null) {
                throw RefusedException.badRequest("refused: a lock needs a target {kind, value}");
            }
            LockKind kind = LockKind.parse(target.kind()).orElseThrow(() -> RefusedException.badRequest(
                    "refused: lock target kind must be session, device, engineer, company or hospital, not "
                            + Names.quoted(target.kind())));
            String value = targets.checked(actor, kind, target.value());
            String reason = reasonOf(asked.reason(), "a lock");
            Instant now = now();
            Lock lock = new Lock(Ids.next("l-"), kind, value, actor.organisation(), reason, actor.subject(), now,
                    expiry(now, asked.minutes()), null, null, null);
            audit.record(AuditEvent.allowed("lock.create", actor.subject(), actor.organisation(), lock.hospital(),
                    lock.id(), details(lock)));
            try {
                store.insert(lock);
            } catch (StateUnavailableException away) {
                throw notStored(lock, away);
            }
            log.info("lock {} by {}: {}", lock.id(), actor.subject(), LockRules.describe(lock));
            List<String> revoked = revokeCoveredGrants(lock);
            List<String> ended = endCoveredSessions(lock);
            notifyLocked(lock, ended, revoked);
            return view(lock, ended, revoked);
        } catch (RefusedException refusal) {
            audit.record(AuditEvent.refused("lock.create", actor.subject(), actor.organisation(), actor.organisation(),
                    described, refusal.getMessage(), Map.of()));
            throw refusal;
        }
    }

    @Override
    public List<LockView> locks(Actor actor) {
        if (!(actor.hasRole("approver") || actor.hasRole("hospital-admin") || actor.hasRole("auditor"))) {
            throw RefusedException.forbidden("denied: listing locks needs the approver, hospital-admin or auditor role");
        }
        return active.standingAt(actor.organisation()).stream().map(lock -> view(lock, List.of(), List.of())).toList();
    }

    @Override
    public LockView unlock(Actor actor, String lockId, String reason) {
        try {
            requireStaff(actor, "unlocking");
            Lock lock = store.find(lockId)
                    .orElseThrow(() -> RefusedException.notFound("unknown lock " + Names.printable(lockId)));
            if (!lock.hospital().equals(actor.organisation())) {
                // Another hospital's lock is not theirs to see, let alone lift.
                throw RefusedException.notFound("unknown lock " + Names.printable(lockId));
            }
            if (!lock.activeAt(now())) {
                throw RefusedException.conflict("refused: lock " + lock.id() + " no longer stands");
            }
            String why = reasonOf(reason, "unlocking");
            audit.record(AuditEvent.allowed("lock.delete", actor.subject(), actor.organisation(), lock.hospital(),
                    lock.id(), Map.of("reason", why, "target", lock.kind().label() + " " + lock.value())));
            Instant at = now();
            Lock unlocked = store.update(lock.id(), current -> {
                if (current.unlockedAt() != null) {
                    throw RefusedException.conflict("refused: lock " + current.id() + " was already unlocked by "
                            + current.unlockedBy());
                }
                return current.unlocked(at, actor.subject(), why);
            }).orElseThrow();
            log.info("lock {} lifted by {}: {}", lock.id(), actor.subject(), why);
            notifyUnlocked(unlocked, actor.subject(), why, at);
            return view(unlocked, List.of(), List.of());
        } catch (RefusedException refusal) {
            audit.record(AuditEvent.refused("lock.delete", actor.subject(), actor.organisation(), actor.organisation(),
                    Names.printable(lockId), refusal.getMessage(), Map.of()));
            throw refusal;
        }
    }

    /**
     * Stands an engineer lock at {@code hospital} on behalf of another act (an account disabled), so that act cuts
     * grants, certificates, logins and live sessions through the one path every lock takes. Audited as
     * {@code lock.create} by whoever did that act; the caller has checked their right to it.
     */
    public Lock lockEngineerFor(String hospital, String engineer, String reason, String by, String byOrganisation) {
        Lock lock = new Lock(Ids.next("l-"), LockKind.ENGINEER, engineer, hospital, reason, by, now(), null, null,
                null, null);
        audit.record(AuditEvent.allowed("lock.create", by, byOrganisation, hospital, lock.id(), details(lock)));
        store.insert(lock);
        log.info("lock {} by {}: {}", lock.id(), by, LockRules.describe(lock));
        List<String> revoked = revokeCoveredGrants(lock);
        notifyLocked(lock, endCoveredSessions(lock), revoked);
        return lock;
    }

    /** Lifts a lock stood by {@link #lockEngineerFor}; one already lifted by hand stays as it is. */
    public void unlockFor(String lockId, String reason, String by, String byOrganisation) {
        Lock lock = store.find(lockId).orElse(null);
        if (lock == null || !lock.activeAt(now())) {
            return;
        }
        audit.record(AuditEvent.allowed("lock.delete", by, byOrganisation, lock.hospital(), lock.id(),
                Map.of("reason", reason, "target", lock.kind().label() + " " + lock.value())));
        Instant at = now();
        store.update(lock.id(), current -> current.unlockedAt() != null ? current : current.unlocked(at, by, reason));
        log.info("lock {} lifted by {}: {}", lock.id(), by, reason);
        notifyUnlocked(lock, by, reason, at);
    }

    private void notifyLocked(Lock lock, List<String> ended, List<String> revoked) {
        notifier.publish(new CutNotice("lock.created", lock.hospital(), lock.by(), lock.reason(), lock.createdAt(),
                new CutNotice.Target(lock.kind().label(), lock.value()), lock.id(), ended, revoked, null));
    }

    private void notifyUnlocked(Lock lock, String by, String reason, Instant at) {
        notifier.publish(new CutNotice("lock.removed", lock.hospital(), by, reason, at,
                new CutNotice.Target(lock.kind().label(), lock.value()), lock.id(), List.of(), List.of(), null));
    }

    private List<String> revokeCoveredGrants(Lock lock) {
        Instant now = clock.instant();
        String why = LockRules.describe(lock);
        List<String> revoked = grants.all().stream()
                .filter(grant -> grant.revokedAt() == null && now.isBefore(grant.notAfter()))
                .filter(grant -> LockRules.covers(lock, LockedSubject.of(grant)))
                .map(Grant::id)
                .toList();
        revoked.forEach(id -> grants.revoke(id, why));
        return revoked;
    }

    /**
     * A lock the shared store did not take binds no other node, so it is not reported as made; what it covers on this
     * node is ended anyway, as a kill is, because the hospital asked for it to stop.
     */
    private RefusedException notStored(Lock lock, StateUnavailableException away) {
        List<String> endedHere;
        try {
            endedHere = endCoveredSessions(lock);
        } catch (RuntimeException e) {
            log.warn("lock {} not stored; ending its sessions on this node failed too: {}", lock.id(), e.toString());
            endedHere = List.of();
        }
        log.warn("lock {} by {} not stored: {}; ended here: {}", lock.id(), lock.by(), away.getMessage(), endedHere);
        return RefusedException.unavailable("failed: lock " + lock.id() + " (" + lock.kind().label() + " "
                + lock.value() + ") is not stored in the shared state (" + away.getMessage() + "); "
                + (endedHere.isEmpty() ? "no session on this node was under it" : "ended on this node: "
                + String.join(", ", endedHere)) + "; another node may still admit it: lock again");
    }

    private List<String> endCoveredSessions(Lock lock) {
        String why = lock.reason() + " (lock " + lock.id() + ")";
        return live.list().stream()
                .filter(session -> LockRules.covers(lock, LockedSubject.of(session)))
                .map(LiveSession::id)
                .filter(id -> live.kill(id, why, lock.by()))
                .toList();
    }

    private static void requireStaff(Actor actor, String action) {
        if (!(actor.hasRole("approver") || actor.hasRole("hospital-admin"))) {
            throw RefusedException.forbidden("denied: " + action + " needs the approver or hospital-admin role");
        }
    }

    private static String reasonOf(String reason, String what) {
        if (reason == null || reason.isBlank()) {
            throw RefusedException.badRequest("refused: " + what + " needs a reason");
        }
        String line = Names.printable(reason.strip());
        return line.length() > 500 ? line.substring(0, 500) : line;
    }

    private static Instant expiry(Instant now, Integer minutes) {
        if (minutes == null) {
            return null;
        }
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw RefusedException.badRequest("refused: minutes must be between 1 and " + MAX_MINUTES);
        }
        return now.plus(Duration.ofMinutes(minutes));
    }

    private static Map<String, String> details(Lock lock) {
        return lock.expiresAt() == null
                ? Map.of("target", lock.kind().label() + " " + lock.value(), "reason", lock.reason())
                : Map.of("target", lock.kind().label() + " " + lock.value(), "reason", lock.reason(),
                        "expiresAt", lock.expiresAt().toString());
    }

    private static LockView view(Lock lock, List<String> ended, List<String> revoked) {
        return new LockView(lock.id(), new LockTarget(lock.kind().label(), lock.value()), lock.hospital(),
                lock.reason(), lock.by(), lock.createdAt(), lock.expiresAt(), lock.unlockedAt(), lock.unlockedBy(),
                lock.unlockReason(), ended, revoked);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
