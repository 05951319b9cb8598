package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.KillResult;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.SessionService;
import dev.hoshu.api.service.SessionView;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.killswitch.DeviceStop;
import dev.hoshu.broker.killswitch.SessionStatus;
import dev.hoshu.broker.notify.CutNotice;
import dev.hoshu.broker.notify.CutNotifier;
import dev.hoshu.broker.observe.Observers;
import dev.hoshu.broker.observe.WatchedSession;
import dev.hoshu.broker.state.GrantLookup;
import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Running sessions for the hospital's staff (or an engineer's own), their live view for the hospital's observers,
 * and the kill switch for the hospital's.
 */
public final class Sessions implements SessionService {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private final LiveSessions live;
    private final AccessAudit audit;
    private final Observers observers;
    private final CutNotifier notifier;
    private final Clock clock;
    /** Where a kill's revocation is confirmed before the kill is acknowledged; none on nodes built without one. */
    private final GrantLookup grants;

    /** A node without live views (its sessions cannot be watched). */
    public Sessions(LiveSessions live, AuditTrail audit) {
        this(live, audit, null);
    }

    public Sessions(LiveSessions live, AuditTrail audit, Observers observers) {
        this(live, audit, observers, CutNotifier.NONE, Clock.systemUTC());
    }

    public Sessions(LiveSessions live, AuditTrail audit, Observers observers, CutNotifier notifier, Clock clock) {
        this(live, audit, observers, notifier, clock, null);
    }

    public Sessions(LiveSessions live, AuditTrail audit, Observers observers, CutNotifier notifier, Clock clock,
                    GrantLookup grants) {
        this.grants = grants;
        this.live = live;
        this.audit = new AccessAudit(audit);
        this.observers = observers;
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public List<SessionView> sessions(Actor actor) {
        return live.list().stream()
                .filter(session -> visibleTo(session, actor))
                .sorted(Comparator.comparing(LiveSession::startedAt))
                .map(this::view)
                .toList();
    }

    @Override
    public KillResult kill(Actor actor, String sessionId, String reason) {
        return audit.run("session.kill", actor, act -> kill(actor, sessionId, reason,
                act.about(null, Names.printable(sessionId))));
    }

    private KillResult kill(Actor actor, String sessionId, String reason, AuditedAct act) {
        Refusals.requireRole(actor, "killing a session", "approver", "hospital-admin");
        LiveSession session = live.find(sessionId)
                .orElseThrow(() -> RefusedException.notFound("unknown session " + Names.printable(sessionId)));
        act.about(session.hospital(), session.id()).detail("grant", session.grantId())
                .detail("engineer", session.engineer()).detail("device", session.device());
        if (!session.hospital().equals(actor.organisation())) {
            throw RefusedException.forbidden("denied: session " + session.id() + " runs on a device of "
                    + session.hospital() + ", not " + actor.organisation());
        }
        String why = Refusals.reasonLine(reason);
        allowEvenWithoutAudit(act.detail("reason", why), session);
        // A kill revokes the grant, which ends every session under it: those are the sessions the cut ended.
        List<String> underGrant = live.list().stream()
                .filter(s -> s.grantId().equals(session.grantId())).map(LiveSession::id).toList();
        if (!live.kill(session.id(), why, actor.subject())) {
            throw RefusedException.notFound("session " + session.id() + " has already ended");
        }
        log.info("session {} (grant {}, {} on {}) killed by {}: {}", session.id(), session.grantId(),
                session.engineer(), session.device(), actor.subject(), why);
        String notSaved = revocationNotSaved(session, "killed by " + actor.subject() + ": " + why);
        notifier.publish(new CutNotice("session.killed", session.hospital(), actor.subject(), why,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), new CutNotice.Target("session", session.id()), null,
                underGrant, notSaved == null ? List.of(session.grantId()) : List.of(), null));
        if (notSaved != null) {
            // The session is gone, but saying "killed" would let the hospital believe the grant is dead fleet-wide.
            throw RefusedException.unavailable("failed: session " + session.id() + " ended on this node, but grant "
                    + session.grantId() + " is not revoked in the shared state (" + notSaved
                    + "); another node may still admit it: revoke grant " + session.grantId() + " again");
        }
        return new KillResult(session.id(), true);
    }

    /**
     * The kill revoked the grant as it ended the session, yet a kill never waits for the shared state: revoking
     * again (the first revocation wins) says whether the revocation is durable for the whole fleet.
     *
     * @return null when it is, or why not
     */
    private String revocationNotSaved(LiveSession session, String reason) {
        if (grants == null) {
            return null;
        }
        try {
            grants.revoke(session.grantId(), reason);
            return null;
        } catch (RuntimeException notWritten) {
            log.error("session {} killed, but grant {} is not durably revoked: {}", session.id(), session.grantId(),
                    notWritten.getMessage());
            return notWritten.getMessage() == null ? notWritten.getClass().getSimpleName() : notWritten.getMessage();
        }
    }

    /** Tells the hospital's systems that the device confirmed a cut session's tool is gone. */
    public void deviceStopped(SessionStatus status) {
        LiveSession session = status.session();
        DeviceStop stop = status.deviceStop();
        notifier.publish(new CutNotice("session.stopped", session.hospital(), "device:" + session.device(),
                null, stop.receivedAt().truncatedTo(ChronoUnit.MILLIS), new CutNotice.Target("session", session.id()),
                null, List.of(session.id()), List.of(), stop.processes()));
    }

    @Override
    public Flow.Publisher<String> watch(Actor actor, String sessionId) {
        return audit.run("session.join", actor, act -> watch(actor, sessionId,
                act.about(null, Names.printable(sessionId))));
    }

    private Flow.Publisher<String> watch(Actor actor, String sessionId, AuditedAct act) {
        WatchedSession watched = watchable(sessionId)
                .orElseThrow(() -> RefusedException.notFound("unknown session " + Names.printable(sessionId)
                        + " (only live sessions of this broker node can be watched)"));
        LiveSession session = watched.session();
        act.about(session.hospital(), session.id()).detail("grant", session.grantId())
                .detail("engineer", session.engineer()).detail("device", session.device());
        if (session.engineer().equals(actor.subject())) {
            throw RefusedException.forbidden("refused: " + actor.subject() + " cannot observe their own session "
                    + session.id() + " (separation of duties)");
        }
        Refusals.requireRole(actor, "observing a session", "approver", "auditor");
        if (!session.hospital().equals(actor.organisation())) {
            throw RefusedException.forbidden("denied: session " + session.id() + " runs on a device of "
                    + session.hospital() + ", not " + actor.organisation());
        }
        // Audited before it takes effect: the join lets a waiting session start or a paused one resume.
        act.allow();
        Flow.Publisher<String> view;
        try {
            view = watched.join(actor.subject());
        } catch (IOException e) {
            log.warn("session {}: observer {} not let in: {}", session.id(), actor.subject(), e.getMessage());
            throw RefusedException.unavailable("refused: the join could not be recorded, so it is not allowed: "
                    + e.getMessage());
        } catch (IllegalStateException e) {
            throw RefusedException.notFound("session " + session.id() + " has ended");
        }
        observers.expectReading(watched);
        log.info("session {}: {} ({}) watches", session.id(), actor.subject(), actor.organisation());
        return view;
    }

    private Optional<WatchedSession> watchable(String sessionId) {
        return observers == null ? Optional.empty() : observers.find(sessionId);
    }

    /**
     * Cutting access is the safe direction: a kill is never refused for want of an audit line. The recording
     * still gets its kill event naming who and why, and the broker log says the audit line is missing.
     */
    private static void allowEvenWithoutAudit(AuditedAct act, LiveSession session) {
        try {
            act.allow();
        } catch (AuditUnavailableException e) {
            log.error("session {} is killed without an audit line: {}", session.id(), e.getMessage());
        }
    }

    private static boolean visibleTo(LiveSession session, Actor actor) {
        boolean staff = actor.hasRole("approver") || actor.hasRole("auditor") || actor.hasRole("hospital-admin");
        boolean hospital = staff && session.hospital().equals(actor.organisation());
        // The same person: subject and company, as user names are unique only within an organisation.
        boolean own = actor.hasRole("engineer") && session.engineer().equals(actor.subject())
                && session.company().equals(actor.organisation());
        return hospital || own;
    }

    @Override
    public SessionView session(Actor actor, String sessionId) {
        // Another hospital's session reads as unknown: its existence is not this actor's business.
        return live.status(sessionId)
                .filter(status -> visibleTo(status.session(), actor))
                .map(this::view)
                .orElseThrow(() -> RefusedException.notFound("unknown session " + Names.printable(sessionId)));
    }

    private SessionView view(LiveSession s) {
        return view(live.status(s.id()).orElse(SessionStatus.live(s)));
    }

    private List<String> observers(String sessionId) {
        return observers == null ? List.of() : observers.observersOf(sessionId);
    }

    private SessionView view(SessionStatus status) {
        LiveSession s = status.session();
        DeviceStop stop = status.deviceStop();
        return new SessionView(s.id(), s.grantId(), s.engineer(), s.company(), s.hospital(), s.device(), s.command(),
                s.startedAt(), status.state().label(), status.killedAt(), status.killedBy(),
                stop == null ? null : stop.receivedAt(), stop == null ? null : stop.processes(), observers(s.id()));
    }
}
