package dev.hoshu.agent.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.agent.enroll.BrokerAddress;
import dev.hoshu.agent.enroll.EnrolledDevice;
import dev.hoshu.agent.inventory.Inventory;
import dev.hoshu.agent.inventory.InventoryAnswer;
import dev.hoshu.agent.sshd.AgentSshServer;
import dev.hoshu.agent.tunnel.AgentTunnel;
import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.TunnelServer;
import dev.hoshu.tunnel.TunnelServerConfig;
import dev.hoshu.tunnel.control.ControlHandler;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.InventoryProbe;
import dev.hoshu.tunnel.control.InventoryReport;
import dev.hoshu.tunnel.control.RenewalAnswer;
import dev.hoshu.tunnel.control.RenewalRequest;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent whose certificate is due renews it over the live tunnel: the tunnel and its SSH session stay, the new
 * chain is on disk, and the next handshake presents it. The agent also answers the inventory request.
 */
class CertificateRenewalTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final KeyPair caKeys = DeviceCertificates.newEcKey();
    private final X509Certificate ca = DeviceCertificates.selfSignedCa(caKeys, "device CA", Duration.ofDays(30));
    private final KeyPair brokerSshKey = DeviceCertificates.newEcKey();
    private final KeyPair deviceKey = DeviceCertificates.newEcKey();
    private final List<ClientSession> brokerSessions = new CopyOnWriteArrayList<>();
    private final List<DeviceIdentity> handshakes = new CopyOnWriteArrayList<>();
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    @TempDir
    Path data;

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    /** Signs every renewal for a day, as the broker's ledger would for a device in service. */
    private final class Issuer extends ControlHandler<RenewalRequest, RenewalAnswer> {
        Issuer() {
            super(ControlRequests.RENEW_CERTIFICATE, RenewalRequest.class);
        }

        @Override
        protected RenewalAnswer answer(Session session, RenewalRequest body) {
            X509Certificate issued = DeviceCertificates.issueDevice(PemFiles.readCsr(body.csr()), "CT-01", "hosp-a",
                    caKeys, ca, Duration.ofDays(1));
            return new RenewalAnswer(PemFiles.toPem(List.of(issued, ca)), null);
        }

        @Override
        protected RenewalAnswer refusal(String reason) {
            return RenewalAnswer.refused(reason);
        }
    }

    private InetSocketAddress startBroker() {
        SshClient client = SshClient.setUpDefaultClient();
        client.addPublicKeyIdentity(brokerSshKey);
        List<RequestHandler<ConnectionService>> handlers = new ArrayList<>(client.getGlobalRequestHandlers());
        handlers.add(new Issuer());
        client.setGlobalRequestHandlers(handlers);
        client.start();
        toClose.push(client::stop);
        KeyPair serverKeys = DeviceCertificates.newEcKey();
        X509Certificate server = DeviceCertificates.issueServer(serverKeys.getPublic(), "broker",
                List.of("127.0.0.1"), caKeys, ca, Duration.ofDays(7));
        TunnelServer broker = new TunnelServer(new TunnelServerConfig("127.0.0.1", 0, serverKeys.getPrivate(),
                List.of(server), ca), (device, channel) -> {
                    handshakes.add(device);
                    try {
                        brokerSessions.add(SshOverNetty.client(client, channel, Duration.ofSeconds(10),
                                (s, address, key) -> KeyUtils.compareKeys(key, device.certificate().getPublicKey())));
                    } catch (IOException e) {
                        channel.close();
                    }
                }, null);
        toClose.push(broker);
        return broker.start();
    }

    private AgentTunnel startAgent(InetSocketAddress broker, X509Certificate certificate) throws IOException {
        Path certificateFile = data.resolve("device.crt");
        PemFiles.writeCertificates(certificateFile, List.of(certificate, ca));
        EnrolledDevice device = new EnrolledDevice("CT-01", "hosp-a", new BrokerAddress("127.0.0.1", broker.getPort()),
                deviceKey.getPrivate(), List.of(certificate, ca), ca, brokerSshKey.getPublic());
        AgentTunnel agent = new AgentTunnel(device, certificateFile, AgentSshServer.start(device.keyPair(),
                device.brokerSshKey(), (channel, command) -> {
                    throw new IllegalArgumentException("no tools in this test");
                }, List.of(new InventoryAnswer("0.1.0", new Inventory("Aquilion ONE", null, "V10.2"),
                        Clock.systemUTC()))), Duration.ofSeconds(45), Duration.ofSeconds(1));
        toClose.push(agent);
        agent.start();
        return agent;
    }

    /** A certificate renewed at half its nominal life: after 2 s. */
    private X509Certificate dueSoon() {
        Instant now = Instant.now();
        return DeviceCertificates.issueDevice(DeviceCertificates.csr(deviceKey, "CT-01"), "CT-01", "hosp-a", caKeys,
                ca, now.minus(DeviceCertificates.BACKDATE), now.plusSeconds(4));
    }

    private BigInteger serialOnDisk() throws IOException {
        return PemFiles.readCertificates(data.resolve("device.crt")).get(0).getSerialNumber();
    }

    @Test
    void aDueCertificateIsRenewedOverTheLiveTunnelAndUsedForTheNextHandshake() throws Exception {
        X509Certificate first = dueSoon();
        startAgent(startBroker(), first);
        waitFor("tunnel up", () -> brokerSessions.size() == 1 && brokerSessions.get(0).isAuthenticated());
        ClientSession live = brokerSessions.get(0);

        waitFor("device.crt renewed", () -> !serialOnDisk().equals(first.getSerialNumber()));

        assertTrue(live.isOpen(), "the tunnel carrying live sessions stays up across the renewal");
        assertSame(live, brokerSessions.get(brokerSessions.size() - 1));
        BigInteger renewed = serialOnDisk();
        live.close(true);
        waitFor("the agent redials", () -> handshakes.size() == 2);
        assertEquals(renewed, handshakes.get(1).certificate().getSerialNumber());
        assertNotEquals(first.getSerialNumber(), renewed);
    }

    @Test
    void theAgentReportsItsInventoryAndClockOnRequest() throws Exception {
        Instant now = Instant.now();
        X509Certificate certificate = DeviceCertificates.issueDevice(DeviceCertificates.csr(deviceKey, "CT-01"),
                "CT-01", "hosp-a", caKeys, ca, now.minus(DeviceCertificates.BACKDATE), now.plus(Duration.ofDays(1)));
        startAgent(startBroker(), certificate);
        waitFor("tunnel up", () -> brokerSessions.size() == 1 && brokerSessions.get(0).isAuthenticated());

        long before = System.currentTimeMillis();
        InventoryReport report = ControlRequests.ask(brokerSessions.get(0), ControlRequests.INVENTORY,
                new InventoryProbe(before), InventoryReport.class, WAIT);
        long after = System.currentTimeMillis();

        assertEquals("0.1.0", report.agentVersion());
        assertEquals("Aquilion ONE", report.model());
        assertEquals("V10.2", report.firmware());
        assertEquals(System.getProperty("os.name") + " " + System.getProperty("os.version"), report.os());
        assertTrue(report.deviceTimeMillis() >= before && report.deviceTimeMillis() <= after, "same clock here");
    }

    private static void waitFor(String what, IoCondition condition) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    @FunctionalInterface
    private interface IoCondition {
        boolean holds() throws IOException;
    }
}
