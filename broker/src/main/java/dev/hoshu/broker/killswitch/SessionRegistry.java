package dev.hoshu.broker.killswitch;

import dev.hoshu.broker.state.GrantLookup;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The live sessions of this node; a kill revokes the grant first, then ends the session. */
public final class SessionRegistry implements LiveSessions {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GrantLookup grants;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    private record Running(LiveSession session, KillTarget target) {
    }

    public SessionRegistry(GrantLookup grants) {
        this.grants = Objects.requireNonNull(grants, "grants");
    }

    /** A fresh session id; random so that one id reveals nothing about the others. */
    public static String newSessionId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "s-" + HexFormat.of().formatHex(bytes);
    }

    public void register(LiveSession session, KillTarget target) {
        if (running.putIfAbsent(session.id(), new Running(session, target)) != null) {
            throw new IllegalStateException("session " + session.id() + " is already registered");
        }
    }

    public void unregister(String sessionId) {
        running.remove(sessionId);
    }

    @Override
    public List<LiveSession> list() {
        return running.values().stream()
                .map(Running::session)
                .sorted(Comparator.comparing(LiveSession::startedAt).thenComparing(LiveSession::id))
                .toList();
    }

    @Override
    public Optional<LiveSession> find(String sessionId) {
        return Optional.ofNullable(sessionId).map(running::get).map(Running::session);
    }

    @Override
    public boolean kill(String sessionId, String reason, String by) {
        Running target = sessionId == null ? null : running.get(sessionId);
        if (target == null) {
            return false;
        }
        // Revoke before ending the session, so the engineer cannot open a new one in between.
        try {
            grants.revoke(target.session().grantId(), "killed by " + by + ": " + reason);
        } catch (RuntimeException e) {
            log.warn("kill {}: could not revoke grant {}: {}", sessionId, target.session().grantId(), e.toString());
        }
        log.info("kill {} (grant {}, device {}) by {}: {}", sessionId, target.session().grantId(),
                target.session().device(), by, reason);
        target.target().kill(by, reason);
        return true;
    }

    /** Ends every session without revoking grants: the node is stopping, the engineers did nothing wrong. */
    public void endAll(String by, String reason) {
        running.values().forEach(r -> r.target().kill(by, reason));
    }
}
