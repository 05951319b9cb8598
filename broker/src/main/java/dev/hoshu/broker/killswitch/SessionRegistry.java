package dev.hoshu.broker.killswitch;

import dev.hoshu.broker.state.GrantLookup;
import dev.hoshu.tunnel.control.ToolRefusal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The live sessions of this node; a kill revokes the grant first, then ends the session. */
public final class SessionRegistry implements LiveSessions {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GrantLookup grants;
    /** How long a killed session's relay waits to hear that the device stopped the tool. */
    static final Duration STOP_REPORT_WAIT = Duration.ofSeconds(30);

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Running> awaitingStop = new ConcurrentHashMap<>();
    private final SessionHistory history;
    private final List<Consumer<SessionStatus>> stopListeners = new CopyOnWriteArrayList<>();
    private volatile OtherNodesReports otherNodes = OtherNodesReports.NOWHERE;
    private volatile BiConsumer<LiveSession, ToolRefusal> refusalAudit;

    private record Running(LiveSession session, KillTarget target) {
    }

    public SessionRegistry(GrantLookup grants) {
        this(grants, Clock.systemUTC());
    }

    public SessionRegistry(GrantLookup grants, Clock clock) {
        this.grants = Objects.requireNonNull(grants, "grants");
        this.history = new SessionHistory(clock);
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
        history.started(session);
    }

    /** A live session now runs ({@code LIVE}), waits for an observer ({@code WAITING}) or is paused ({@code PAUSED}). */
    public void held(String sessionId, SessionState state) {
        history.held(sessionId, state);
    }

    public void unregister(String sessionId) {
        running.remove(sessionId);
        history.ended(sessionId);
    }

    @Override
    public Optional<SessionStatus> status(String sessionId) {
        return history.find(sessionId);
    }

    /** Where reports about sessions of other nodes go (a fleet's peer links); set once, at start. */
    public void forwardOtherNodesReports(OtherNodesReports forwarding) {
        this.otherNodes = Objects.requireNonNull(forwarding, "forwarding");
    }

    /**
     * A device's stop report, from its tunnel on this node. A session this node never had may be another node's,
     * relayed through this tunnel: the report is passed on to it.
     */
    public void stopReported(String device, DeviceStop stop) {
        if (history.find(stop.sessionId()).isEmpty() && otherNodes.forwardStop(device, stop)) {
            log.info("device {} reported stopping session {}, not one of this node's: passed on to the peer nodes "
                    + "that relayed its channels", device, stop.sessionId());
            return;
        }
        deviceStopped(device, stop);
    }

    /**
     * The device confirms it stopped a session's tool. Only the session's own device is believed: a report about
     * another device's session is logged and dropped.
     *
     * @return whether the session is one of this node's sessions of that device
     */
    public boolean deviceStopped(String device, DeviceStop stop) {
        Optional<SessionStatus> known = history.find(stop.sessionId());
        if (known.isEmpty() || !known.get().session().device().equals(device)) {
            log.warn("device {} reported stopping session {}, which is not one of its sessions", device,
                    stop.sessionId());
            return false;
        }
        history.stopped(stop);
        log.atInfo().addKeyValue("session", stop.sessionId())
                .log("session {}: device {} confirms {} process(es) stopped", stop.sessionId(), device, stop.processes());
        history.stopToTell(stop.sessionId())
                .ifPresent(status -> stopListeners.forEach(listener -> tell(listener, status)));
        Running waiting = awaitingStop.remove(stop.sessionId());
        if (waiting != null) {
            waiting.target().deviceStopped(stop);
        }
        return true;
    }

    /** Who audits a device's refusal of a session's tool; set once, by the gateway. */
    public void auditRefusalsWith(BiConsumer<LiveSession, ToolRefusal> audit) {
        this.refusalAudit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * A device's refusal of a session's tool, from its tunnel on this node. A session this node never had may be
     * another node's, relayed through this tunnel: the refusal is passed on to it.
     *
     * @return whether the refusal was audited here or passed on; false: it names no live session of that device
     */
    public boolean refusalReported(String device, ToolRefusal refusal) {
        if (history.find(refusal.session()).isEmpty() && otherNodes.forwardRefusal(device, refusal)) {
            log.info("device {} refused the tool of session {}, not one of this node's: passed on to the peer nodes "
                    + "that relayed its channels", device, refusal.session());
            return true;
        }
        return deviceRefused(device, refusal);
    }

    /**
     * The device refused a session's tool. Believed only for a live session of that very device, so no device can
     * write audit events about another's sessions.
     *
     * @return whether it was audited: a live session of this node on that device, and a gateway to audit it
     */
    public boolean deviceRefused(String device, ToolRefusal refusal) {
        BiConsumer<LiveSession, ToolRefusal> audit = refusalAudit;
        Optional<LiveSession> session = find(refusal.session()).filter(live -> live.device().equals(device));
        if (session.isEmpty() || audit == null) {
            return false;
        }
        audit.accept(session.get(), refusal);
        return true;
    }

    /** Whether the session is one of this node's, live or ended, but of another device than {@code device}. */
    public boolean ofAnotherDevice(String sessionId, String device) {
        return history.find(sessionId).filter(known -> !known.session().device().equals(device)).isPresent();
    }

    @Override
    public void whenDeviceStops(Consumer<SessionStatus> listener) {
        stopListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** A listener's failure must not keep the confirmation from the session waiting for it. */
    private static void tell(Consumer<SessionStatus> listener, SessionStatus status) {
        try {
            listener.accept(status);
        } catch (RuntimeException e) {
            log.warn("session {}: stop confirmation not passed on: {}", status.session().id(), e.toString());
        }
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
        // The kill revokes the grant, so no session under it may go on: the engineer may hold several.
        String grantId = target.session().grantId();
        List<Running> underGrant = running.values().stream()
                .filter(r -> r.session().grantId().equals(grantId)).toList();
        for (Running session : underGrant) {
            revoke(session, reason, by);
            session.target().kill(by, reason);
        }
        return true;
    }

    @Override
    public List<String> endAllOn(String device, String by, String reason, String how) {
        List<Running> onDevice = running.values().stream().filter(r -> r.session().device().equals(device)).toList();
        for (Running target : onDevice) {
            revoke(target, reason, by);
            target.target().end(by, reason, how);
        }
        return onDevice.stream().map(r -> r.session().id()).toList();
    }

    private void revoke(Running target, String reason, String by) {
        String sessionId = target.session().id();
        history.killed(sessionId, by);
        awaitingStop.put(sessionId, target);
        CompletableFuture.delayedExecutor(STOP_REPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> awaitingStop.remove(sessionId));
        // Revoke before ending the session, so the engineer cannot open a new one in between.
        try {
            grants.revoke(target.session().grantId(), "killed by " + by + ": " + reason);
        } catch (RuntimeException e) {
            log.warn("kill {}: could not revoke grant {}: {}", sessionId, target.session().grantId(), e.toString());
        }
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("grant", target.session().grantId())
                .log("kill {} (grant {}, device {}) by {}: {}", sessionId, target.session().grantId(),
                        target.session().device(), by, reason);
    }

    /** Ends every session without revoking grants: the node is stopping, the engineers did nothing wrong. */
    public void endAll(String by, String reason) {
        running.values().forEach(r -> r.target().kill(by, reason));
    }
}
