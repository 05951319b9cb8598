package dev.hoshu.broker.fleet;

import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.killswitch.SessionStatus;
import dev.hoshu.broker.state.GrantLookup;
import dev.hoshu.broker.state.StateUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sessions of the whole fleet, as the API, the locks and the device service see them: this node's own
 * sessions first, then the directory's. A cut of a session elsewhere revokes its grant in the shared store and is
 * published for the node that relays it. When the shared store is away, this node's sessions are still listed and
 * can still be cut: cutting never waits for Redis.
 */
public final class FleetSessions implements LiveSessions, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetSessions.class);

    private final LiveSessions local;
    private final SessionDirectory directory;
    private final CutBus bus;
    private final GrantLookup grants;
    private final String node;
    private final ScheduledExecutorService refresher;
    private final Set<String> entered = new HashSet<>();
    private final List<Runnable> afterRefresh = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param refresh how often this node writes its sessions to the directory: well within the directory's lapse
     */
    public FleetSessions(LiveSessions local, SessionDirectory directory, CutBus bus, GrantLookup grants, String node,
                         Duration refresh) {
        this.local = local;
        this.directory = directory;
        this.bus = bus;
        this.grants = grants;
        this.node = node;
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hoshu-session-directory");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes this node's sessions to the directory and takes out those that ended. */
    synchronized void refresh() {
        try {
            List<LiveSession> here = local.list();
            directory.held(node, here);
            Set<String> now = new HashSet<>();
            here.forEach(session -> now.add(session.id()));
            for (String ended : new ArrayList<>(entered)) {
                if (!now.contains(ended)) {
                    directory.released(ended);
                    entered.remove(ended);
                }
            }
            entered.addAll(now);
        } catch (RuntimeException e) {
            log.debug("session directory not refreshed: {}", e.getMessage());
        }
        for (Runnable check : afterRefresh) {
            try {
                check.run();
            } catch (RuntimeException e) {
                log.warn("check after the session directory refresh failed: {}", e.toString());
            }
        }
    }

    /** Runs {@code check} after every refresh, on the refresh thread (the fleet's cuts reconcile there). */
    public void afterRefresh(Runnable check) {
        afterRefresh.add(check);
    }

    @Override
    public List<LiveSession> list() {
        Map<String, LiveSession> all = new LinkedHashMap<>();
        local.list().forEach(session -> all.put(session.id(), session));
        try {
            // This node's own entries may lag a session that just ended: its own list is the truth for it.
            directory.all().stream().filter(entry -> !entry.node().equals(node))
                    .forEach(entry -> all.putIfAbsent(entry.session().id(), entry.session()));
        } catch (StateUnavailableException e) {
            log.warn("listing this node's sessions only: {}", e.getMessage());
        }
        return all.values().stream()
                .sorted(Comparator.comparing(LiveSession::startedAt).thenComparing(LiveSession::id)).toList();
    }

    @Override
    public Optional<LiveSession> find(String sessionId) {
        Optional<LiveSession> here = local.find(sessionId);
        return here.isPresent() ? here : elsewhere(sessionId).map(NodeSession::session);
    }

    @Override
    public Optional<SessionStatus> status(String sessionId) {
        Optional<SessionStatus> here = local.status(sessionId);
        return here.isPresent() ? here : elsewhere(sessionId).map(entry -> SessionStatus.live(entry.session()));
    }

    @Override
    public boolean kill(String sessionId, String reason, String by) {
        Optional<LiveSession> here = local.find(sessionId);
        if (here.isPresent()) {
            boolean killed = local.kill(sessionId, reason, by);
            // The grant may have sessions on other nodes too: a kill ends every session under it.
            bus.publish(Cut.grant(here.get().grantId(), node, by, reason));
            return killed;
        }
        Optional<NodeSession> there = elsewhere(sessionId);
        if (there.isEmpty()) {
            return false;
        }
        String grantId = there.get().session().grantId();
        try {
            grants.revoke(grantId, "killed by " + by + ": " + reason);
        } catch (RuntimeException e) {
            log.warn("kill {}: could not revoke grant {}: {}", sessionId, grantId, e.getMessage());
        }
        bus.publish(Cut.grant(grantId, node, by, reason));
        log.info("kill {} (grant {}) on node {} by {}: {}", sessionId, grantId, there.get().node(), by, reason);
        return true;
    }

    @Override
    public List<String> endAllOn(String device, String by, String reason, String how) {
        List<String> ended = new ArrayList<>(local.endAllOn(device, by, reason, how));
        try {
            directory.all().stream()
                    .filter(entry -> entry.session().device().equals(device) && !entry.node().equals(node))
                    .map(entry -> entry.session().id())
                    .forEach(ended::add);
        } catch (StateUnavailableException e) {
            log.warn("device {}: sessions on other nodes unknown: {}", device, e.getMessage());
        }
        bus.publish(Cut.device(device, node, by, reason, how));
        return ended;
    }

    @Override
    public void whenDeviceStops(Consumer<SessionStatus> listener) {
        local.whenDeviceStops(listener);
    }

    private Optional<NodeSession> elsewhere(String sessionId) {
        try {
            return directory.locate(sessionId).filter(entry -> !entry.node().equals(node));
        } catch (StateUnavailableException e) {
            log.warn("session {} not looked up on other nodes: {}", sessionId, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
