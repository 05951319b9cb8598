package dev.hoshu.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client with two broker nodes: it moves away from a draining node, and comes back quickly after a crash. */
class MovingTunnelTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final TestPki pki = TestPki.create("hoshu device CA");
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    private final Map<Integer, List<Channel>> tunnelsByNode = new ConcurrentHashMap<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private TunnelServer node(int port) {
        TunnelServerConfig base = pki.serverConfig();
        TunnelServer server = new TunnelServer(new TunnelServerConfig(base.bindHost(), port, base.key(), base.chain(),
                pki.ca()), (device, channel) -> tunnelsByNode.computeIfAbsent(port, p -> new CopyOnWriteArrayList<>())
                .add(channel), null);
        toClose.add(server);
        return server;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private TunnelClient client(DialTargets targets, AtomicInteger ups) {
        TestPki.Device device = pki.device("CT-01", "hosp-a");
        // A long backoff: only the quick round can bring the tunnel back within the test's waits.
        TunnelClientConfig config = new TunnelClientConfig("127.0.0.1", 1, device.keys().getPrivate(), device.chain(),
                List.of(pki.ca()), null, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(12));
        TunnelClient client = new TunnelClient(config, targets, channel -> ups.incrementAndGet());
        toClose.add(0, client); // closed before the nodes, so it does not redial them as they stop
        return client;
    }

    /** Two nodes in order; after a failure or a drain, the other one. */
    private static DialTargets twoNodes(BrokerEndpoint a, BrokerEndpoint b) {
        return new DialTargets() {
            @Override
            public BrokerEndpoint next(BrokerEndpoint last, boolean lastFailed) {
                if (last == null) {
                    return a;
                }
                return lastFailed ? (last.equals(a) ? b : a) : last;
            }

            @Override
            public int size() {
                return 2;
            }
        };
    }

    private int live(int port) {
        return (int) tunnelsByNode.getOrDefault(port, List.of()).stream().filter(Channel::isActive).count();
    }

    @Test
    void toldToMoveItDialsTheOtherNodeFirstAndLetsTheOldTunnelGoOnlyWhenTheBrokerClosesIt() throws Exception {
        int portA = freePort();
        int portB = freePort();
        node(portA).start();
        node(portB).start();
        AtomicInteger ups = new AtomicInteger();
        TunnelClient client = client(twoNodes(new BrokerEndpoint("127.0.0.1", portA),
                new BrokerEndpoint("127.0.0.1", portB)), ups);
        client.start();
        Eventually.waitFor("a tunnel on node A", WAIT, () -> live(portA) == 1);

        BrokerEndpoint to = client.moveAway();

        assertEquals(new BrokerEndpoint("127.0.0.1", portB), to);
        Eventually.waitFor("a tunnel on node B", WAIT, () -> live(portB) == 1);
        assertEquals(1, live(portA), "the old tunnel stays for its sessions until the draining node closes it");
        assertNull(client.moveAway(), "one move at a time");
        tunnelsByNode.get(portA).get(0).close().sync();
        Thread.sleep(3000);
        assertEquals(0, live(portA), "the agent does not come back to the draining node");
        assertEquals(1, tunnelsByNode.get(portA).size());
        assertEquals(1, live(portB));
        assertTrue(client.isConnected());
        assertEquals(2, ups.get());
    }

    @Test
    void aTunnelWhoseNodeCrashedIsBackOnTheOtherNodeWithinSecondsDespiteALongBackoff() throws Exception {
        int portA = freePort();
        int portB = freePort();
        TunnelServer a = node(portA);
        a.start();
        node(portB).start();
        AtomicInteger ups = new AtomicInteger();
        TunnelClient client = client(twoNodes(new BrokerEndpoint("127.0.0.1", portA),
                new BrokerEndpoint("127.0.0.1", portB)), ups);
        client.start();
        Eventually.waitFor("a tunnel on node A", WAIT, () -> live(portA) == 1);

        long crashed = System.nanoTime();
        a.close();

        Eventually.waitFor("a tunnel on node B", WAIT, () -> live(portB) == 1);
        Duration back = Duration.ofNanos(System.nanoTime() - crashed);
        assertTrue(back.compareTo(Duration.ofSeconds(5)) < 0, "back after " + back.toMillis() + " ms");
    }
}
