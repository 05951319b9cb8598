package dev.hoshu.broker.peering;

import dev.hoshu.access.Names;
import dev.hoshu.broker.killswitch.DeviceStop;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.killswitch.StopForwarding;
import dev.hoshu.tunnel.control.ControlHandler;
import dev.hoshu.tunnel.control.ControlRefusedException;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.StopAnswer;
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
 * Stop reports of relayed sessions, both ways over the peer links. On the node holding a device's tunnel, a report
 * about a session it does not know goes to the peer nodes that relayed channels of that device; on the engineer's
 * node, such a report reaches the session registry as a local one would, so the recording, the session's record
 * and the hospital's {@code session.stopped} notice carry it (docs/scale-out.md, "Proxy peering").
 */
public final class RelayedStops implements StopForwarding, AutoCloseable {

    /** Holding node to engineer's node, on the peer link the engineer's node dialled. */
    static final String REQUEST = "relayed-stop@hoshu.dev";
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);
    private static final int MAX_PROCESSES = 1_000_000;
    private static final Logger log = LoggerFactory.getLogger(RelayedStops.class);

    private final String nodeName;
    private final Clock clock;
    private final PeerServer.Refusals refusals;
    /** Per device, the open peer sessions that relayed a channel of it to this node's tunnel. */
    private final Map<String, Set<Session>> relaying = new ConcurrentHashMap<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "hoshu-relayed-stops");
        thread.setDaemon(true);
        return thread;
    });
    private volatile SessionRegistry sessions;

    /** @param refusals where a malformed report from a peer is audited */
    public RelayedStops(String nodeName, Clock clock, PeerServer.Refusals refusals) {
        this.nodeName = nodeName;
        this.clock = clock;
        this.refusals = refusals;
    }

    /** This node's sessions: reports passed on to this node go there, and reports it cannot place go to peers. */
    public void serve(SessionRegistry registry) {
        sessions = registry;
        registry.forwardOtherNodesStops(this);
    }

    /** On the holding node: {@code peer} relays a channel of {@code device}, so its stop reports may be the peer's. */
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
    public boolean forward(String device, DeviceStop stop) {
        List<Session> peers = List.copyOf(relaying.getOrDefault(device, Set.of())).stream()
                .filter(Session::isOpen).toList();
        if (peers.isEmpty()) {
            return false;
        }
        RelayedStop relayed = new RelayedStop(device, stop.sessionId(), stop.processes(), stop.deviceTime());
        try {
            // The report came on the tunnel's I/O thread, which must not wait for another node.
            sender.execute(() -> send(relayed, peers));
        } catch (RejectedExecutionException e) {
            return false;
        }
        return true;
    }

    private void send(RelayedStop relayed, List<Session> peers) {
        for (Session peer : peers) {
            String node = peer.getAttribute(PeerServer.PEER_NODE);
            try {
                StopAnswer answer = ControlRequests.ask(peer, REQUEST, relayed, StopAnswer.class, ANSWER_WAIT);
                if (answer.recorded()) {
                    log.info("stop report of session {} (device {}) passed on to node {}", relayed.session(),
                            relayed.device(), node);
                    return;
                }
                log.debug("node {} did not take the stop report of session {}: {}", node, relayed.session(),
                        answer.error());
            } catch (IOException e) {
                log.info("stop report of session {} not passed on to node {}: {}", relayed.session(), node,
                        e.getMessage());
            }
        }
        log.warn("device {} reported stopping session {}, which no node that relayed its channels holds",
                relayed.device(), relayed.session());
    }

    /** On the engineer's node: answers the holding node's {@value #REQUEST} on the link this node dialled. */
    ConnectionServiceRequestHandler handler() {
        return new ControlHandler<RelayedStop, StopAnswer>(REQUEST, RelayedStop.class) {
            @Override
            protected StopAnswer answer(Session link, RelayedStop relayed) throws ControlRefusedException {
                return received(link, relayed);
            }

            @Override
            protected StopAnswer refusal(String reason) {
                return StopAnswer.refused(reason);
            }
        };
    }

    private StopAnswer received(Session link, RelayedStop relayed) throws ControlRefusedException {
        String from = link.getAttribute(PeerServer.PEER_NODE);
        if (relayed.device() == null || relayed.device().isBlank() || relayed.session() == null
                || relayed.session().isBlank() || relayed.processes() < 0 || relayed.processes() > MAX_PROCESSES) {
            String reason = "relayed stop report from node " + from + " refused: it needs a device, a session and a "
                    + "process count from 0 to " + MAX_PROCESSES;
            log.warn(reason);
            refusals.refused(link.getIoSession().getRemoteAddress(), reason);
            throw new ControlRefusedException(reason);
        }
        SessionRegistry registry = sessions;
        if (registry == null) {
            throw new ControlRefusedException("node " + nodeName + " is not ready for stop reports yet");
        }
        // The registry believes the report only for a session of that very device on this node.
        if (!registry.deviceStopped(relayed.device(), new DeviceStop(relayed.session(), relayed.processes(),
                relayed.stoppedAt(), clock.instant()))) {
            throw new ControlRefusedException("session " + Names.printable(relayed.session()) + " of device "
                    + Names.printable(relayed.device()) + " is not a session of node " + nodeName);
        }
        log.info("session {}: device {} stop report received from node {}", relayed.session(), relayed.device(), from);
        return new StopAnswer(true, null);
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
