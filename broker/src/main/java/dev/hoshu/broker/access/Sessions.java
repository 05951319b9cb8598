package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.KillResult;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.SessionService;
import dev.hoshu.api.service.SessionView;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Running sessions for the hospital's staff (or an engineer's own), and the kill switch for the hospital's. */
public final class Sessions implements SessionService {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private final LiveSessions live;

    public Sessions(LiveSessions live) {
        this.live = live;
    }

    @Override
    public List<SessionView> sessions(Actor actor) {
        return live.list().stream()
                .filter(session -> visibleTo(session, actor))
                .sorted(Comparator.comparing(LiveSession::startedAt))
                .map(Sessions::view)
                .toList();
    }

    @Override
    public KillResult kill(Actor actor, String sessionId, String reason) {
        Refusals.requireRole(actor, "killing a session", "approver", "hospital-admin");
        LiveSession session = live.find(sessionId)
                .orElseThrow(() -> RefusedException.notFound("unknown session " + Names.printable(sessionId)));
        if (!session.hospital().equals(actor.organisation())) {
            throw RefusedException.forbidden("denied: session " + session.id() + " runs on a device of "
                    + session.hospital() + ", not " + actor.organisation());
        }
        String why = Refusals.reasonLine(reason);
        if (!live.kill(session.id(), why, actor.subject())) {
            throw RefusedException.notFound("session " + session.id() + " has already ended");
        }
        log.info("session {} (grant {}, {} on {}) killed by {}: {}", session.id(), session.grantId(),
                session.engineer(), session.device(), actor.subject(), why);
        return new KillResult(session.id(), true);
    }

    private static boolean visibleTo(LiveSession session, Actor actor) {
        boolean staff = actor.hasRole("approver") || actor.hasRole("auditor") || actor.hasRole("hospital-admin");
        boolean hospital = staff && session.hospital().equals(actor.organisation());
        boolean own = actor.hasRole("engineer") && session.engineer().equals(actor.subject());
        return hospital || own;
    }

    private static SessionView view(LiveSession s) {
        return new SessionView(s.id(), s.grantId(), s.engineer(), s.company(), s.hospital(), s.device(), s.command(),
                s.startedAt());
    }
}
