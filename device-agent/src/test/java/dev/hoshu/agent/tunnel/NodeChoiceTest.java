package dev.hoshu.agent.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoshu.tunnel.BrokerEndpoint;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeChoiceTest {

    private static final BrokerEndpoint A = new BrokerEndpoint("broker-a.example", 7443);
    private static final BrokerEndpoint B = new BrokerEndpoint("broker-b.example", 7443);
    private static final BrokerEndpoint C = new BrokerEndpoint("10.0.0.3", 7443);

    private final NodeChoice choice = new NodeChoice(List.of(A, B, C, A));

    @Test
    void theFirstDialGoesToTheFirstNodeAnotherTunnelDoesNotHold() {
        assertEquals(A, choice.next(null, false, Set.of()));
        assertEquals(B, choice.next(null, false, Set.of(A)));
        assertEquals(List.of(A, B, C), choice.nodes(), "a node listed twice counts once");
    }

    @Test
    void afterADropTheSameNodeIsTriedFirstAndAfterARefusalTheNextOne() {
        assertEquals(B, choice.next(B, false, Set.of()));
        assertEquals(C, choice.next(B, true, Set.of()));
        assertEquals(A, choice.next(C, true, Set.of()), "the list wraps around");
    }

    @Test
    void neverTheNodeTheOtherTunnelHolds() {
        assertEquals(C, choice.next(A, true, Set.of(B)));
        assertEquals(A, choice.next(A, true, Set.of(B, C)), "the refusing node is the only free one: tried again");
        assertNull(choice.next(A, true, Set.of(A, B, C)), "nothing free: wait");
    }

    @Test
    void aSingleAddressAgentAlwaysDialsItsBroker() {
        NodeChoice single = new NodeChoice(List.of(A));
        assertEquals(A, single.next(null, false, Set.of()));
        assertEquals(A, single.next(A, true, Set.of()));
    }

    @Test
    void tunnelCountsAreCheckedWithOneLine() {
        IllegalArgumentException three = assertThrows(IllegalArgumentException.class, () -> TunnelPool.check(3, 3));
        assertEquals("--tunnels must be 1 or 2, not 3", three.getMessage());
        IllegalArgumentException lonely = assertThrows(IllegalArgumentException.class, () -> TunnelPool.check(2, 1));
        assertEquals("--tunnels 2 needs 2 distinct broker addresses (--broker HOST:PORT); 1 known",
                lonely.getMessage());
        assertEquals(2, TunnelPool.defaultTunnels(3));
        assertEquals(1, TunnelPool.defaultTunnels(1));
    }
}
