package dev.hoshu.broker.peering;

import dev.hoshu.access.Names;
import dev.hoshu.broker.killswitch.DeviceStop;
import dev.hoshu.broker.killswitch.OtherNodesReports;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.tunnel.control.ControlHandler;
import dev.hoshu.tunnel.control.ControlRefusedException;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.ReportAnswer;
import dev.hoshu.tunnel.control.ToolRefusal;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.sshd.common.session.ConnectionServiceRequestHandler;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's reports about relayed sessions, both ways over the peer links: its stop confirmation and its refusal of
 * the tool. On the node holding a device's tunnel, a report about a session it does not know goes to the peer nodes
 * that relayed channels of that device; on the engineer's node, such a report reaches the session registry as a
 * local one would, so the recording, the session's record, the hospital's {@code session.stopped} notice and its
 * audit log ({@code tool.run} refused) carry it (docs/scale-out.md, "Proxy peering"; ADR 37).
 */
public final class RelayedReports implements OtherNodesReports, AutoCloseable {

    /** Holding node to engineer's node, on the peer link the engineer's node dialled. */
    static final String STOP_REQUEST = "relayed-stop@hoshu.dev";
    /** Holding node to engineer's node, on the peer link the engineer's node dialled. */
    static final String REFUSAL_REQUEST = "relayed-refusal@hoshu.dev";
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);
    private static final int MAX_PROCESSES = 1_000_000;
    private static final Logger log = LoggerFactory.getLogger(RelayedReports.class);

    private final String nodeName;
    private final Clock clock;
    private final PeerServer.Refusals refusals;
    /** Per device, the open peer sessions that relayed a channel of it to this node's tunnel. */
    private final Map<String, Set<Session>> relaying = new ConcurrentHashMap<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "hoshu-relayed-reports");
        thread.setDaemon(true);
        return thread;
    });
    private volatile SessionRegistry sessions;

    /** One report on its way to the peers: what it is, for the log, and the request that carries it. */
    private record Outgoing(String what, String request, String device, String session, Object body) {
    }

    /** @param refusals where a malformed report from a peer is audited */
    public RelayedReports(String nodeName, Clock clock, PeerServer.Refusals refusals) {
        this.nodeName = nodeName;
        this.clock = clock;
        this.refusals = refusals;
    }

    /** This node's sessions: reports passed on to this node go there, and reports it cannot place go to peers. */
    public void serve(SessionRegistry registry) {
        sessions = registry;
        registry.forwardOtherNodesReports(this);
    }

    /** On the holding node: {@code peer} relays a channel of {@code device}, so its reports may be the peer's. */
    void relaying(String device, Session peer) {
        Set<Session> peers = relaying.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet());
        if (peers.add(peer)) {
            peer.addCloseFutureListener(f -> relaying.computeIfPresent(device, (d, open) -> {
                open.remove(peer);
                return open.isEmpty() ? null : open;
            }));
        }
    }

    @Override
    public boolean forwardStop(String device, DeviceStop stop) {
        return forward(new Outgoing("stop report", STOP_REQUEST, device, stop.sessionId(),
                new RelayedStop(device, stop.sessionId(), stop.processes(), stop.deviceTime())));
    }

    @Override
    public boolean forwardRefusal(String device, ToolRefusal refusal) {
        return forward(new Outgoing("tool refusal", REFUSAL_REQUEST, device, refusal.session(),
                new RelayedRefusal(device, refusal.session(), refusal.tool(), refusal.reason())));
    }

    private boolean forward(Outgoing report) {
        List<Session> peers = List.copyOf(relaying.getOrDefault(report.device(), Set.of())).stream()
                .filter(Session::isOpen).toList();
        if (peers.isEmpty()) {
            return false;
        }
        try {
            // The report came on the tunnel's I/O thread, which must not wait for another node.
            sender.execute(() -> send(report, peers));
        } catch (RejectedExecutionException e) {
            return false;
        }
        return true;
    }

    private void send(Outgoing report, List<Session> peers) {
        for (Session peer : peers) {
            String node = peer.getAttribute(PeerServer.PEER_NODE);
            try {
                ReportAnswer answer = ControlRequests.ask(peer, report.request(), report.body(), ReportAnswer.class,
                        ANSWER_WAIT);
                if (answer.recorded()) {
                    log.info("{} of session {} (device {}) passed on to node {}", report.what(), report.session(),
                            report.device(), node);
                    return;
                }
                log.debug("node {} did not take the {} of session {}: {}", node, report.what(), report.session(),
                        answer.error());
            } catch (IOException e) {
                log.info("{} of session {} not passed on to node {}: {}", report.what(), report.session(), node,
                        e.getMessage());
            }
        }
        log.warn("device {} sent a {} about session {}, which no node that relayed its channels holds",
                report.device(), report.what(), report.session());
    }

    /** On the engineer's node: the holding node's {@value #STOP_REQUEST} and {@value #REFUSAL_REQUEST}. */
    List<ConnectionServiceRequestHandler> handlers() {
        return List.of(
                new ControlHandler<RelayedStop, ReportAnswer>(STOP_REQUEST, RelayedStop.class) {
                    @Override
                    protected ReportAnswer answer(Session link, RelayedStop relayed) throws ControlRefusedException {
                        return stopReceived(link, relayed);
                    }

                    @Override
                    protected ReportAnswer refusal(String reason) {
                        return ReportAnswer.refused(reason);
                    }
                },
                new ControlHandler<RelayedRefusal, ReportAnswer>(REFUSAL_REQUEST, RelayedRefusal.class) {
                    @Override
                    protected ReportAnswer answer(Session link, RelayedRefusal relayed)
                            throws ControlRefusedException {
                        return refusalReceived(link, relayed);
                    }

                    @Override
                    protected ReportAnswer refusal(String reason) {
                        return ReportAnswer.refused(reason);
                    }
                });
    }

    private ReportAnswer stopReceived(Session link, RelayedStop relayed) throws ControlRefusedException {
        if (blank(relayed.device()) || blank(relayed.session()) || relayed.processes() < 0
                || relayed.processes() > MAX_PROCESSES) {
            throw refused(link, "relayed stop report from node " + from(link) + " refused: it needs a device, a "
                    + "session and a process count from 0 to " + MAX_PROCESSES);
        }
        SessionRegistry registry = believing(link, "stop report", relayed.device(), relayed.session());
        // The registry believes the report only for a session of that very device on this node.
        if (!registry.deviceStopped(relayed.device(), new DeviceStop(relayed.session(), relayed.processes(),
                relayed.stoppedAt(), clock.instant()))) {
            throw notOurs(relayed.device(), relayed.session(), "a session");
        }
        log.info("session {}: device {} stop report received from node {}", relayed.session(), relayed.device(),
                from(link));
        return new ReportAnswer(true, null);
    }

    private ReportAnswer refusalReceived(Session link, RelayedRefusal relayed) throws ControlRefusedException {
        if (blank(relayed.device()) || blank(relayed.session()) || blank(relayed.reason())) {
            throw refused(link, "relayed tool refusal from node " + from(link) + " refused: it needs a device, a "
                    + "session and the device's reason");
        }
        SessionRegistry registry = believing(link, "tool refusal", relayed.device(), relayed.session());
        // Audited by the gateway exactly as a refusal from a tunnel of this node, for a live session of that device.
        if (!registry.deviceRefused(relayed.device(), new ToolRefusal(relayed.session(), relayed.tool(),
                relayed.reason()))) {
            throw notOurs(relayed.device(), relayed.session(), "a live session");
        }
        log.info("session {}: device {} tool refusal received from node {}", relayed.session(), relayed.device(),
                from(link));
        return new ReportAnswer(true, null);
    }

    /**
     * This node's registry, once the report may be about one of its sessions. A session of this node on another
     * device is no business of that device's tunnel: refused and audited.
     */
    private SessionRegistry believing(Session link, String what, String device, String session)
            throws ControlRefusedException {
        SessionRegistry registry = sessions;
        if (registry == null) {
            throw new ControlRefusedException("node " + nodeName + " is not ready for relayed reports yet");
        }
        if (registry.ofAnotherDevice(session, device)) {
            throw refused(link, "relayed " + what + " from node " + from(link) + " refused: session "
                    + Names.printable(session) + " is not a session of device " + Names.printable(device));
        }
        return registry;
    }

    /** Not this node's: another peer that relayed the device may hold it, so only the one line, no audit. */
    private ControlRefusedException notOurs(String device, String session, String what) {
        return new ControlRefusedException("session " + Names.printable(session) + " of device "
                + Names.printable(device) + " is not " + what + " of node " + nodeName);
    }

    private ControlRefusedException refused(Session link, String reason) {
        log.warn(reason);
        refusals.refused(link.getIoSession().getRemoteAddress(), reason);
        return new ControlRefusedException(reason);
    }

    private static String from(Session link) {
        return Names.printable(link.getAttribute(PeerServer.PEER_NODE));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
