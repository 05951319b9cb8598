package dev.hoshu.broker.drain;

import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.gateway.SshGateway;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.tunnel.control.DrainRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Drains this node when it shuts down (SIGTERM or a context close), before any listener closes: new sessions are
 * refused and the readiness probe says not ready, every connected agent is asked to move to another node, the
 * live sessions may finish until the drain timeout, and those still running then are ended with the reason (their
 * recordings sealed as at any end). Start and end are audited ({@code node.drain}, {@code node.drain.end}).
 */
public final class NodeDrain implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(NodeDrain.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration AGENT_ANSWER = Duration.ofSeconds(5);

    private final String node;
    private final Duration timeout;
    private final SshGateway gateway;
    private final DeviceTunnels tunnels;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private boolean drained;

    public NodeDrain(String node, Duration timeout, SshGateway gateway, DeviceTunnels tunnels, AuditTrail audit,
            ApplicationEventPublisher events, Clock clock) {
        this.node = node;
        this.timeout = timeout;
        this.gateway = gateway;
        this.tunnels = tunnels;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        drain();
    }

    /** Drains once; later calls return at once. */
    public synchronized void drain() {
        if (drained) {
            return;
        }
        drained = true;
        Instant start = clock.instant();
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        gateway.stopAdmitting("refused: broker node " + node + " is shutting down; connect again to reach another "
                + "node");
        tunnels.refuseNewTunnels("broker node " + node + " is draining");
        LiveSessions sessions = gateway.liveSessions();
        int live = sessions.list().size();
        int agents = tunnels.onlineDevices().size();
        bestEffort(new AuditedAct(audit, "node.drain", "broker", null).about(null, node)
                .detail("sessions", Integer.toString(live)).detail("tunnels", Integer.toString(agents))
                .detail("timeout", timeout.toSeconds() + " s"));
        log.info("draining node {}: new sessions refused; {} live session(s), {} agent tunnel(s); waiting up to {} s",
                node, live, agents, timeout.toSeconds());
        int moved = tunnels.askToMove(new DrainRequest(node, timeout.toSeconds()), AGENT_ANSWER);
        log.info("draining node {}: {} of {} agent(s) answered the request to move to another node", node, moved,
                agents);
        Instant deadline = start.plus(timeout);
        while (!sessions.list().isEmpty() && clock.instant().isBefore(deadline)) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = sessions.list().size();
        if (left > 0) {
            gateway.endAll("broker node " + node + " shut down: the session was still running when its drain "
                    + "timeout of " + timeout.toSeconds() + " s passed");
        }
        long took = Duration.between(start, clock.instant()).toMillis();
        bestEffort(new AuditedAct(audit, "node.drain.end", "broker", null).about(null, node)
                .detail("finished", Integer.toString(live - left)).detail("ended", Integer.toString(left))
                .detail("agents-moved", Integer.toString(moved)).detail("took", took + " ms"));
        log.info("node {} drained in {} ms: {} session(s) finished, {} ended at the timeout", node, took, live - left,
                left);
    }

    private static void bestEffort(AuditedAct act) {
        try {
            act.allow();
        } catch (RuntimeException e) {
            // The node stops either way; an audit log it cannot write must not keep it running.
            log.warn("drain not audited: {}", e.toString());
        }
    }
}
