package dev.hoshu.broker.observe;

import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.recording.SessionRecording;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observers of this node's live sessions. A session becomes watchable when it is registered, and stops being
 * so when its recording is sealed; its observers' views end with that seal.
 */
public final class Observers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Observers.class);
    /** A live view that does not start reading within this time is dropped. */
    static final Duration READ_START = Duration.ofSeconds(30);
    /** A quiet session still writes to its observers this often, so a vanished one is noticed. */
    static final Duration PING = Duration.ofSeconds(15);
    private static final String PING_LINE = "{\"k\":\"ping\"}";

    private final AuditTrail audit;
    private final Map<String, WatchedSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService changes = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hoshu-observers");
        thread.setDaemon(true);
        return thread;
    });

    public Observers(AuditTrail audit) {
        this.audit = audit;
        changes.scheduleWithFixedDelay(this::ping, PING.toMillis(), PING.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Makes a session watchable: from now on every line of its recording goes to its observers once durable, and
     * their views end when the recording is sealed.
     */
    public WatchedSession watch(LiveSession session, SessionRecording recording, Presence presence) {
        WatchedSession watched = new WatchedSession(session, recording, presence, changes, this::left);
        if (sessions.putIfAbsent(session.id(), watched) != null) {
            throw new IllegalStateException("session " + session.id() + " is already watchable");
        }
        recording.tap(watched::publish, () -> {
            sessions.remove(session.id(), watched);
            // Not on the recording's completion thread: a join may hold the session while its line becomes durable.
            changes.execute(watched::end);
        });
        return watched;
    }

    /** A watchable session of this node; empty for unknown, ended or malformed ids. */
    public Optional<WatchedSession> find(String sessionId) {
        return Optional.ofNullable(sessionId).map(sessions::get);
    }

    /** Checks, a while after a join, that the observer's view is being read. */
    public void expectReading(WatchedSession session) {
        changes.schedule(session::dropUnread, READ_START.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Who watches a session now (one entry per open view); empty when nobody does or it is not watchable. */
    public List<String> observersOf(String sessionId) {
        return find(sessionId).map(WatchedSession::observers).orElse(List.of());
    }

    private void ping() {
        sessions.values().forEach(watched -> watched.publish(PING_LINE));
    }

    private void left(LiveSession session, WatchedSession.LeftView left) {
        AuditedAct act = new AuditedAct(audit, "session.leave", left.subject(), session.hospital())
                .about(session.hospital(), session.id())
                .detail("engineer", session.engineer()).detail("device", session.device())
                .detail("why", left.why());
        try {
            act.allow();
        } catch (AuditUnavailableException e) {
            // The observer is gone whatever the audit log says; the recording holds the leave.
            log.error("session {}: observer {} left without an audit line: {}", session.id(), left.subject(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        changes.shutdownNow();
    }
}
