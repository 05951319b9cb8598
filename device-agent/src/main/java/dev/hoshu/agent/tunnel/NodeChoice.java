package dev.hoshu.agent.tunnel;

import dev.hoshu.tunnel.BrokerEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which broker node one of the agent's tunnels dials: never a node another of its tunnels holds (a second tunnel of
 * the device on one node would replace the first and end its sessions), the same node again after a drop, and the
 * next node in the list after a refusal or a drain.
 */
public final class NodeChoice {

    private final List<BrokerEndpoint> nodes;

    /** @param nodes the broker nodes in the agent's order of preference; duplicates count once */
    public NodeChoice(List<BrokerEndpoint> nodes) {
        this.nodes = List.copyOf(new LinkedHashSet<>(nodes));
        if (this.nodes.isEmpty()) {
            throw new IllegalArgumentException("the agent needs at least one broker address");
        }
    }

    public List<BrokerEndpoint> nodes() {
        return nodes;
    }

    /**
     * @param last        the node this tunnel dialed last, or {@code null}
     * @param lastFailed  that node refused, could not be reached or drains
     * @param heldByOthers the nodes the agent's other tunnels hold or dial
     * @return the node to dial, or {@code null} when every node is held by another tunnel
     */
    public BrokerEndpoint next(BrokerEndpoint last, boolean lastFailed, Set<BrokerEndpoint> heldByOthers) {
        List<BrokerEndpoint> free = new ArrayList<>(nodes);
        free.removeAll(heldByOthers);
        if (free.isEmpty()) {
            return null;
        }
        int at = last == null ? -1 : nodes.indexOf(last);
        if (at >= 0 && !lastFailed && free.contains(last)) {
            return last;
        }
        for (int step = 1; step <= nodes.size(); step++) {
            BrokerEndpoint candidate = nodes.get(Math.floorMod(at + step, nodes.size()));
            if (free.contains(candidate) && !candidate.equals(last)) {
                return candidate;
            }
        }
        // The failed node is the only free one: it is tried again, after the backoff.
        return last;
    }
}
