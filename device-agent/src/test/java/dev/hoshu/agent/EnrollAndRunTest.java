package dev.hoshu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.agent.enroll.AgentData;
import dev.hoshu.agent.enroll.EnrolledDevice;
import dev.hoshu.agent.sshd.AgentSshServer;
import dev.hoshu.agent.tunnel.AgentTunnel;
import dev.hoshu.tunnel.TunnelServer;
import dev.hoshu.tunnel.TunnelServerConfig;
import dev.hoshu.tunnel.enroll.EnrollmentRefusedException;
import dev.hoshu.tunnel.enroll.EnrollmentRequest;
import dev.hoshu.tunnel.enroll.EnrollmentResponse;
import dev.hoshu.tunnel.enroll.JoinToken;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnrollAndRunTest {

    private final KeyPair caKeys = DeviceCertificates.newEcKey();
    private final X509Certificate ca = DeviceCertificates.selfSignedCa(caKeys, "device CA", Duration.ofDays(30));
    private final KeyPair brokerSshKey = DeviceCertificates.newEcKey();
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path temp;

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private EnrollmentResponse authority(EnrollmentRequest request) throws EnrollmentRefusedException {
        if (!JoinToken.parse(request.token()).tokenId().equals("fresh")) {
            throw new EnrollmentRefusedException("join token already used");
        }
        X509Certificate device = DeviceCertificates.issueDevice(PemFiles.readCsr(request.csr()), "CT-01", "hosp-a",
                caKeys, ca, Duration.ofDays(7));
        return new EnrollmentResponse("CT-01", "hosp-a", PemFiles.toPem(List.of(device, ca)), PemFiles.toPem(ca),
                PublicKeyEntry.toString(brokerSshKey.getPublic()));
    }

    private InetSocketAddress startBroker(dev.hoshu.tunnel.TunnelListener listener) {
        KeyPair serverKeys = DeviceCertificates.newEcKey();
        X509Certificate server = DeviceCertificates.issueServer(serverKeys.getPublic(), "broker",
                List.of("127.0.0.1"), caKeys, ca, Duration.ofDays(7));
        TunnelServer broker = new TunnelServer(new TunnelServerConfig("127.0.0.1", 0, serverKeys.getPrivate(),
                List.of(server), ca), listener, this::authority);
        toClose.push(broker);
        return broker.start();
    }

    private int agent(String... args) {
        CommandLine cli = DeviceAgentCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int enroll(InetSocketAddress broker, String tokenId, X509Certificate pinned, Path data) {
        String token = new JoinToken(tokenId, "s3cret", JoinToken.caPin(pinned)).format();
        return agent("enroll", "--broker", "127.0.0.1:" + broker.getPort(), "--token", token, "--data",
                data.toString());
    }

    @Test
    void enrollWritesTheIdentityWithAPrivateKeyOnlyTheOwnerReads() throws Exception {
        InetSocketAddress broker = startBroker((device, channel) -> channel.close());
        Path data = temp.resolve("agent");

        assertEquals(0, enroll(broker, "fresh", ca, data), err.toString());

        assertTrue(out.toString().startsWith("enrolled CT-01 (hosp-a) with broker 127.0.0.1:" + broker.getPort()
                + "; certificate valid until "), out.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("device.key"))));
        EnrolledDevice device = new AgentData(data).load();
        assertEquals("CT-01", device.deviceId());
        assertTrue(KeyUtils.compareKeys(brokerSshKey.getPublic(), device.brokerSshKey()));
        assertEquals(ca, device.ca());
    }

    @Test
    void enrollRefusalsAreOneLineAndExitOne() throws Exception {
        InetSocketAddress broker = startBroker((device, channel) -> channel.close());
        X509Certificate otherCa = DeviceCertificates.selfSignedCa(DeviceCertificates.newEcKey(), "other",
                Duration.ofDays(1));

        assertEquals(1, enroll(broker, "used", ca, temp.resolve("a")));
        assertEquals(1, enroll(broker, "fresh", otherCa, temp.resolve("b")));
        assertEquals(1, agent("enroll", "--broker", "127.0.0.1:99999", "--token", "x", "--data", "c"));
        assertEquals(1, agent("enroll", "--broker", "127.0.0.1:1", "--token", "hjt1.a.b;rm", "--data", "c"));

        assertEquals(List.of(
                "enroll refused: join token already used",
                "enroll refused: broker certificate does not match the token's CA pin",
                "enroll refused: broker port must be 1-65535, not 99999",
                "enroll refused: join token must look like hjt1.<id>.<secret>.<pin>"),
                err.toString().lines().toList());
        assertFalse(Files.exists(temp.resolve("a").resolve("device.key")));
    }

    @Test
    void runningAgentServesSshToTheBrokerKeyOnly() throws Exception {
        CompletableFuture<ClientSession> login = new CompletableFuture<>();
        SshClient sshClient = SshClient.setUpDefaultClient();
        sshClient.addPublicKeyIdentity(brokerSshKey);
        sshClient.start();
        toClose.push(sshClient::stop);
        InetSocketAddress broker = startBroker((device, channel) -> {
            try {
                login.complete(SshOverNetty.client(sshClient, channel, Duration.ofSeconds(10),
                        (session, address, key) -> KeyUtils.compareKeys(key, device.certificate().getPublicKey())));
            } catch (IOException e) {
                login.completeExceptionally(e);
            }
        });
        Path data = temp.resolve("agent");
        assertEquals(0, enroll(broker, "fresh", ca, data), err.toString());
        EnrolledDevice device = new AgentData(data).load();

        AgentTunnel agent = new AgentTunnel(device, new AgentData(data).certificates(),
                AgentSshServer.start(device.keyPair(), device.brokerSshKey(), (channel, command) -> {
                    throw new IllegalArgumentException("no tools in this test");
                }), Duration.ofSeconds(45), Duration.ofSeconds(5));
        toClose.push(agent);
        agent.start();

        ClientSession session = login.get(20, TimeUnit.SECONDS);
        assertTrue(session.isAuthenticated());
    }

    @Test
    void runningAgentRefusesAnotherBrokerKey() throws Exception {
        CompletableFuture<ClientSession> login = new CompletableFuture<>();
        SshClient impostor = SshClient.setUpDefaultClient();
        impostor.addPublicKeyIdentity(DeviceCertificates.newEcKey());
        impostor.start();
        toClose.push(impostor::stop);
        InetSocketAddress broker = startBroker((device, channel) -> {
            try {
                login.complete(SshOverNetty.client(impostor, channel, Duration.ofSeconds(10),
                        (session, address, key) -> true));
            } catch (IOException e) {
                login.completeExceptionally(e);
            }
        });
        Path data = temp.resolve("agent");
        assertEquals(0, enroll(broker, "fresh", ca, data), err.toString());
        EnrolledDevice device = new AgentData(data).load();
        AgentTunnel agent = new AgentTunnel(device, new AgentData(data).certificates(),
                AgentSshServer.start(device.keyPair(), device.brokerSshKey(), (channel, command) -> {
                    throw new IllegalArgumentException("no tools in this test");
                }), Duration.ofSeconds(45), Duration.ofSeconds(5));
        toClose.push(agent);
        agent.start();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> login.get(20, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().startsWith("SSH login to device over tunnel failed"));
    }
}
