package dev.hoshu.bench.fleet;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hoshu.agent.enroll.BrokerAddress;
import dev.hoshu.agent.enroll.EnrollCommand;
import dev.hoshu.bench.Progress;
import dev.hoshu.bench.process.Deadline;
import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.tunnels.AgentFleet;
import dev.hoshu.bench.tunnels.JoinTokenMint;
import dev.hoshu.tunnel.Backoff;
import dev.hoshu.tunnel.TunnelClientConfig;
import dev.hoshu.tunnel.enroll.EnrollmentRefusedException;
import dev.hoshu.tunnel.enroll.JoinToken;

/**
 * Device tunnels spread over the nodes: the tunnels bench's simulated agents (the real agent's enrollment, tunnel
 * client and SSH server, without its tools), each enrolled at and dialling one node's tunnel port, then every node's
 * own gauge read until it counts what was pointed at it.
 */
final class SpreadAgents {

    private static final Duration ENROL_LIMIT = Duration.ofSeconds(60);
    private static final Duration UP_LIMIT = Duration.ofSeconds(120);
    private static final Duration GAUGE_LIMIT = Duration.ofSeconds(30);

    private SpreadAgents() {
    }

    /**
     * @param realAgents agents already connected per node name (the quickstart's real agent)
     * @param agents     the simulated agents' home; the caller closes it
     */
    static List<NodeTunnels> connect(List<FleetNode> nodes, Map<String, Integer> realAgents, JoinTokenMint mint,
                                     AgentFleet agents, int perNode, Progress progress) {
        Map<String, Integer> dialled = new LinkedHashMap<>();
        for (FleetNode node : nodes) {
            BrokerAddress broker = new BrokerAddress("127.0.0.1", node.tunnelPort());
            for (int i = 1; i <= perNode; i++) {
                String deviceId = String.format("FLEET-%s-%03d", node.name().toUpperCase(java.util.Locale.ROOT), i);
                try {
                    EnrollCommand.Enrolment enrolment = EnrollCommand.exchange(broker, JoinToken.parse(mint.mint(
                            deviceId)), ENROL_LIMIT);
                    agents.add(enrolment.device(), TunnelClientConfig.DEFAULT_READ_IDLE_TIMEOUT, Backoff.DEFAULT_CAP);
                } catch (IOException | EnrollmentRefusedException | RuntimeException e) {
                    throw new PathFailure("fleet: enrolling " + deviceId + " at " + node.name() + " failed: "
                            + OneLine.of(String.valueOf(e.getMessage())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PathFailure("fleet: interrupted while enrolling " + deviceId);
                }
            }
            dialled.put(node.name(), perNode + realAgents.getOrDefault(node.name(), 0));
            progress.detail("agents: " + perNode + " simulated devices enrolled at " + node.name());
        }
        agents.agents().forEach(agent -> agent.start());
        int simulated = agents.agents().size();
        if (!Deadline.in(UP_LIMIT).await(() -> agents.upCount() == simulated)) {
            throw new PathFailure("fleet: only " + agents.upCount() + " of " + simulated + " simulated tunnels came up "
                    + "within " + UP_LIMIT.toSeconds() + " s");
        }
        progress.detail("agents: " + simulated + " simulated tunnels up; reading each node's gauge");
        // The gauge follows the tunnel registry; give it a moment rather than report a count caught mid-handshake.
        Deadline.in(GAUGE_LIMIT).await(() -> nodes.stream().allMatch(n -> TunnelGauge.read(n) == dialled.get(n.name())));
        List<NodeTunnels> counted = new ArrayList<>();
        for (FleetNode node : nodes) {
            counted.add(new NodeTunnels(node.name(), dialled.get(node.name()), TunnelGauge.read(node)));
        }
        return counted;
    }
}
