package dev.hoshu.tunnel;

/**
 * Which broker node a tunnel client dials next. An agent that knows several nodes keeps its tunnels on distinct
 * ones and moves on from a node that refuses; an agent that knows one node always gets that one.
 */
@FunctionalInterface
public interface DialTargets {

    /**
     * @param last       the node dialed last, {@code null} before the first dial
     * @param lastFailed true when {@code last} could not be reached or is going away (drain): prefer another node
     * @return the node to dial, or {@code null} when none is free now (try again after the backoff)
     */
    BrokerEndpoint next(BrokerEndpoint last, boolean lastFailed);

    /** How many nodes there are to try: the quick redial round after a drop tries each once. */
    default int size() {
        return 1;
    }

    /** Always the same node: the single-address agent. */
    static DialTargets only(BrokerEndpoint endpoint) {
        return (last, lastFailed) -> endpoint;
    }
}
