package dev.hoshu.agent.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.agent.enroll.BrokerAddress;
import dev.hoshu.agent.enroll.EnrolledDevice;
import dev.hoshu.agent.sshd.AgentSshServer;
import dev.hoshu.tunnel.BrokerEndpoint;
import dev.hoshu.tunnel.TunnelServer;
import dev.hoshu.tunnel.TunnelServerConfig;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.DrainAnswer;
import dev.hoshu.tunnel.control.DrainRequest;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One agent, several broker nodes (real tunnel servers, each with the broker's SSH client): two tunnels on two
 * distinct nodes, and a drain request moves the draining node's tunnel to a free node before the old one goes.
 */
class TwoNodeAgentTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final KeyPair caKeys = DeviceCertificates.newEcKey();
    private final X509Certificate ca = DeviceCertificates.selfSignedCa(caKeys, "device CA", Duration.ofDays(30));
    private final KeyPair brokerSshKey = DeviceCertificates.newEcKey();
    private final KeyPair deviceKey = DeviceCertificates.newEcKey();
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final Map<Integer, List<ClientSession>> sessionsByNode = new ConcurrentHashMap<>();
    private SshClient sshClient;

    @TempDir
    Path temp;

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    /** A broker node: its tunnel port, and the broker logging in to every device that connects. */
    private BrokerEndpoint node() {
        if (sshClient == null) {
            sshClient = SshClient.setUpDefaultClient();
            sshClient.addPublicKeyIdentity(brokerSshKey);
            sshClient.start();
            toClose.addLast(sshClient::stop);
        }
        KeyPair serverKeys = DeviceCertificates.newEcKey();
        X509Certificate server = DeviceCertificates.issueServer(serverKeys.getPublic(), "broker",
                List.of("127.0.0.1"), caKeys, ca, Duration.ofDays(7));
        int[] port = new int[1];
        TunnelServer broker = new TunnelServer(new TunnelServerConfig("127.0.0.1", 0, serverKeys.getPrivate(),
                List.of(server), ca), (device, channel) -> {
                    try {
                        ClientSession session = SshOverNetty.client(sshClient, channel, Duration.ofSeconds(10),
                                (s, address, key) -> KeyUtils.compareKeys(key, device.certificate().getPublicKey()));
                        sessionsByNode.computeIfAbsent(port[0], p -> new CopyOnWriteArrayList<>()).add(session);
                    } catch (IOException e) {
                        channel.close();
                    }
                }, null);
        toClose.addLast(broker);
        port[0] = broker.start().getPort();
        return new BrokerEndpoint("127.0.0.1", port[0]);
    }

    private AgentTunnel agent(List<BrokerEndpoint> nodes, int tunnels) {
        X509Certificate certificate = DeviceCertificates.issueDevice(DeviceCertificates.csr(deviceKey, "CT-01"),
                "CT-01", "hosp-a", caKeys, ca, Duration.ofDays(7));
        EnrolledDevice device = new EnrolledDevice("CT-01", "hosp-a",
                new BrokerAddress(nodes.get(0).host(), nodes.get(0).port()), deviceKey.getPrivate(),
                List.of(certificate, ca), ca, brokerSshKey.getPublic());
        AgentTunnel agent = new AgentTunnel(device, temp.resolve("device.crt"),
                AgentSshServer.start(device.keyPair(), device.brokerSshKey(), (channel, command) -> {
                    throw new IllegalArgumentException("no tools in this test");
                }, List.of(new DrainAnswerer())), Duration.ofSeconds(45), Duration.ofMinutes(12),
                new NodeChoice(nodes), tunnels);
        toClose.addFirst(agent);
        agent.start();
        return agent;
    }

    private int open(BrokerEndpoint node) {
        return (int) sessionsByNode.getOrDefault(node.port(), List.of()).stream().filter(ClientSession::isOpen).count();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anAgentWithTwoAddressesHoldsOneTunnelOnEachNode() throws Exception {
        BrokerEndpoint a = node();
        BrokerEndpoint b = node();

        AgentTunnel agent = agent(List.of(a, b), TunnelPool.defaultTunnels(2));

        await("a tunnel on each node", () -> open(a) == 1 && open(b) == 1);
        assertEquals(2, agent.connectedTunnels());
        sessionsByNode.get(a.port()).get(0).close(true);
        await("the tunnel on A gone", () -> open(a) == 0);
        assertTrue(agent.isConnected(), "the device stays connected while any tunnel is up");
        await("the tunnel on A back", () -> open(a) == 1);
        assertEquals(0, open(b) - 1, "still one tunnel on B: the redial never doubles up on the other node");
    }

    @Test
    void aDrainRequestMovesTheTunnelToAFreeNodeBeforeTheOldOneCloses() throws Exception {
        BrokerEndpoint a = node();
        BrokerEndpoint b = node();
        BrokerEndpoint c = node();
        AgentTunnel agent = agent(List.of(a, b, c), 2);
        await("tunnels on A and B", () -> open(a) == 1 && open(b) == 1);

        DrainAnswer answer = ControlRequests.ask(sessionsByNode.get(a.port()).get(0), ControlRequests.DRAIN,
                new DrainRequest("node-a", 60), DrainAnswer.class, Duration.ofSeconds(5));

        assertEquals(c.toString(), answer.moving());
        assertNull(answer.error());
        await("a tunnel on C", () -> open(c) == 1);
        assertEquals(1, open(a), "the draining node's tunnel stays for the sessions in it");
        sessionsByNode.get(a.port()).get(0).close(true);
        await("A's tunnel gone", () -> open(a) == 0);
        assertEquals(2, agent.connectedTunnels());
        Thread.sleep(3000);
        assertEquals(0, open(a), "the agent does not come back to the node that drained");
        assertEquals(1, open(b));
        assertEquals(1, open(c));
    }

    @Test
    void withNoFreeNodeTheDrainingTunnelStaysUntilItClosesAndTheOtherTunnelIsUntouched() throws Exception {
        BrokerEndpoint a = node();
        BrokerEndpoint b = node();
        agent(List.of(a, b), 2);
        await("tunnels on A and B", () -> open(a) == 1 && open(b) == 1);

        DrainAnswer answer = ControlRequests.ask(sessionsByNode.get(a.port()).get(0), ControlRequests.DRAIN,
                new DrainRequest("node-a", 60), DrainAnswer.class, Duration.ofSeconds(5));

        assertNull(answer.moving(), "B is held by the other tunnel: a second tunnel there would replace it");
        Thread.sleep(2500);
        assertEquals(1, open(a));
        assertEquals(1, open(b));
        assertEquals(1, sessionsByNode.get(b.port()).size(), "no new tunnel on B");
    }

    @Test
    void malformedDrainRequestsAreRefusedWithOneLineAndMoveNothing() throws Exception {
        BrokerEndpoint a = node();
        BrokerEndpoint b = node();
        BrokerEndpoint c = node();
        agent(List.of(a, b, c), 2);
        await("tunnels on A and B", () -> open(a) == 1 && open(b) == 1);

        DrainAnswer answer = ControlRequests.ask(sessionsByNode.get(a.port()).get(0), ControlRequests.DRAIN,
                "not an object", DrainAnswer.class, Duration.ofSeconds(5));

        assertEquals("malformed " + ControlRequests.DRAIN + " message", answer.error());
        Thread.sleep(2500);
        assertEquals(0, open(c), "a malformed request moves no tunnel");
    }
}
