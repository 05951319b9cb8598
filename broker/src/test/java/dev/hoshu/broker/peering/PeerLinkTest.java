package dev.hoshu.broker.peering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.reversetunnel.Eventually;
import dev.hoshu.broker.reversetunnel.LoopbackDevice;
import dev.hoshu.broker.reversetunnel.TestDeviceAuthority;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.redis.RedisConnections;
import dev.hoshu.broker.state.redis.RedisTunnelDirectory;
import dev.hoshu.broker.state.redis.SharedRedis;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.tls.Providers;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes in one JVM on a real redis-server: node B holds the tunnel of a loopback device, node A routes to it over
 * a real mutual-TLS peer link with SSH inside. What passes, what B refuses, and who may not peer at all.
 */
@ExtendWith(SharedRedis.class)
class PeerLinkTest {

    /** Generous: on two shared cores under load a relayed channel took over 10 s to reach the device. */
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration TTL = Duration.ofSeconds(30);

    final KeyPair fleetCaKeys = DeviceCertificates.newEcKey();
    final X509Certificate fleetCa = DeviceCertificates.selfSignedCa(fleetCaKeys, "fleet device CA", Duration.ofDays(30));
    final List<String> refusals = new CopyOnWriteArrayList<>();
    KeyPair brokerSsh;
    RedisConnections redis;
    TunnelDirectory directory;
    DeviceTunnels tunnelsA;
    DeviceTunnels tunnelsB;
    PeerServer serverB;
    TunnelRegistrar registrarB;
    PeerLinks linksA;
    PeerRouting routingA;
    LoopbackDevice device;
    String peerB;

    @BeforeEach
    void start(SharedRedis.Deployments deployments) throws Exception {
        brokerSsh = DeviceCertificates.newEcKey();
        redis = RedisConnections.open(deployments.get("standalone").settings("t" + Ids.random(8)));
        directory = new RedisTunnelDirectory(redis, TTL);
        tunnelsA = new DeviceTunnels(brokerSsh, Duration.ofSeconds(15), new TestDeviceAuthority(), Clock.systemUTC());
        tunnelsB = new DeviceTunnels(brokerSsh, Duration.ofSeconds(15), new TestDeviceAuthority(), Clock.systemUTC());
        serverB = new PeerServer("127.0.0.1", 0, nodeTls("node-b"), Duration.ofSeconds(5), brokerSsh, tunnelsB,
                "node-b", (SocketAddress from, String reason) -> refusals.add(reason));
        peerB = "127.0.0.1:" + serverB.start().getPort();
        registrarB = new TunnelRegistrar(directory, "node-b", peerB);
        tunnelsB.watchPresence(registrarB);
        device = LoopbackDevice.honest("CT-01", "hosp-a", brokerSsh.getPublic()).connectTo(tunnelsB);
        Eventually.waitFor("CT-01 in the directory", WAIT, () -> directory.holder("CT-01").isPresent());
        linksA = new PeerLinks("node-a", nodeTls("node-a"), brokerSsh, Duration.ofSeconds(5), Duration.ofSeconds(15));
        routingA = new PeerRouting(tunnelsA, directory, linksA, "node-a");
    }

    @AfterEach
    void stop() throws Exception {
        linksA.close();
        device.close();
        registrarB.close();
        serverB.close();
        tunnelsA.close();
        tunnelsB.close();
        redis.close();
    }

    SSLContext nodeTls(String node) {
        KeyPair keys = DeviceCertificates.newEcKey();
        Instant now = Instant.now();
        X509Certificate certificate = NodeCertificates.issue(keys, node, fleetCaKeys, fleetCa, now.minusSeconds(60),
                now.plus(Duration.ofDays(1)));
        return PeerTls.context(keys.getPrivate(), List.of(certificate, fleetCa), List.of(fleetCa), Clock.systemUTC());
    }

    record Run(String out, String err, Integer status) {
    }

    static Run run(DeviceRoute route, String tool, String stdin) throws Exception {
        String invocation = "{\"session\":\"s-" + tool + "\",\"tool\":\"" + tool + "\",\"args\":[\"日本語\"]}";
        ChannelExec exec = route.session().createExecChannel(invocation.getBytes(StandardCharsets.UTF_8),
                new PtyChannelConfiguration(), route.channelEnv());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        exec.setOut(out);
        exec.setErr(err);
        exec.open().verify(WAIT.toMillis());
        if (stdin != null) {
            exec.getInvertedIn().write(stdin.getBytes(StandardCharsets.UTF_8));
            exec.getInvertedIn().flush();
        }
        exec.getInvertedIn().close();
        exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT.toMillis());
        return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), exec.getExitStatus());
    }

    @Test
    void aToolOnAnotherNodesTunnelRunsOverThePeerLinkWithItsOutputAndExitStatus() throws Exception {
        DeviceRoute route = routingA.route("CT-01").orElseThrow();
        assertThat(route.relayed()).isTrue();
        assertThat(route.via()).isEqualTo("node-b");

        assertThat(run(route, "status", null)).isEqualTo(new Run("status: ok 日本語\n", "", 0));
        assertThat(run(route, "fail", null)).isEqualTo(new Run("", "boom\n", 3));
        assertThat(run(routingA.route("CT-01").orElseThrow(), "cat", "typed on node A\n"))
                .isEqualTo(new Run("typed on node A\n", "", 0));
        assertThat(device.tools().invocations()).hasSize(3).allSatisfy(json -> assertThat(json).contains("日本語"));
        // One peer connection for all three runs.
        assertThat(routingA.route("CT-01").orElseThrow().session()).isSameAs(route.session());
        assertThat(routingA.relayedSessions()).isEqualTo(3);
        assertThat(serverB.relayedForPeers()).isEqualTo(3);
    }

    @Test
    void closingTheRelayedChannelOnTheEngineersNodeStopsTheToolOnTheDevice() throws Exception {
        DeviceRoute route = routingA.route("CT-01").orElseThrow();
        ChannelExec exec = route.session().createExecChannel(
                "{\"session\":\"s-kill\",\"tool\":\"sleep\",\"args\":[]}".getBytes(StandardCharsets.UTF_8),
                new PtyChannelConfiguration(), route.channelEnv());
        exec.open().verify(WAIT.toMillis());
        Eventually.waitFor("the tool runs", WAIT, () -> device.tools().running() == 1);

        exec.close(false);

        Eventually.waitFor("the tool stopped", WAIT, () -> device.tools().stopped().contains("s-kill"));
        Eventually.waitFor("nothing runs", WAIT, () -> device.tools().running() == 0);
    }

    @Test
    void theHoldingNodeRefusesADeviceItDoesNotHold() throws Exception {
        ClientSession link = linksA.session(new TunnelHolder("node-b", peerB, Instant.now()));
        DeviceRoute forged = new DeviceRoute(link, Map.of(PeerRelayCommand.DEVICE_ENV, "MR-99"), "node-b");

        assertThat(run(forged, "status", null))
                .isEqualTo(new Run("", "refused: node node-b holds no tunnel of device MR-99\n", 1));
        assertThat(run(new DeviceRoute(link, Map.of(), "node-b"), "status", null))
                .isEqualTo(new Run("", "refused: node node-b holds no tunnel of device (none named)\n", 1));
        assertThat(device.tools().invocations()).isEmpty();
    }

    @Test
    void theDirectoryFollowsTheTunnelAndNeverRemovesANewerRegistration() throws Exception {
        assertThat(directory.holder("CT-01")).get().extracting(TunnelHolder::node, TunnelHolder::peer)
                .containsExactly("node-b", peerB);

        device.disconnect();
        Eventually.waitFor("CT-01 released", WAIT, () -> directory.holder("CT-01").isEmpty());
        assertThat(routingA.route("CT-01")).isEmpty();

        TunnelHolder old = new TunnelHolder("node-b", peerB, Instant.parse("2026-11-22T01:00:00Z"));
        TunnelHolder newer = new TunnelHolder("node-c", "10.0.0.3:7444", Instant.parse("2026-11-22T01:00:05Z"));
        directory.register("MR-07", old);
        directory.register("MR-07", newer);
        directory.release("MR-07", old);
        directory.refresh(Map.of("MR-07", old));
        assertThat(directory.holder("MR-07")).contains(newer);
        directory.release("MR-07", newer);
        assertThat(directory.holder("MR-07")).isEmpty();
    }

    @Test
    void anEntryItsNodeStopsRefreshingLapses() throws Exception {
        TunnelDirectory shortLived = new RedisTunnelDirectory(redis, Duration.ofMillis(600));
        TunnelHolder holder = new TunnelHolder("node-c", "10.0.0.3:7444", Instant.now());
        shortLived.register("XR-01", holder);
        shortLived.register("XR-02", holder);
        for (int i = 0; i < 4; i++) {
            Thread.sleep(300);
            shortLived.refresh(Map.of("XR-02", holder));
        }
        assertThat(shortLived.holder("XR-01")).isEmpty();
        assertThat(shortLived.holder("XR-02")).contains(holder);
    }

    @Test
    void anUnreadableEntryRefusesInsteadOfRoutingAnywhere() {
        redis.call(c -> c.set(redis.settings().keyPrefix() + ":{tunnels}:CT-02", "{not json"));
        assertThatThrownBy(() -> routingA.route("CT-02"))
                .hasMessage("state store unavailable: the tunnel directory's entry for device CT-02 is unreadable");
    }

    @Test
    void aDeviceCertificateCannotOpenAPeerLink() {
        KeyPair keys = DeviceCertificates.newEcKey();
        X509Certificate deviceCert = DeviceCertificates.issueDevice(DeviceCertificates.csr(keys, "CT-01"), "CT-01",
                "hosp-a", fleetCaKeys, fleetCa, Duration.ofDays(1));
        SSLContext asDevice = PeerTls.context(keys.getPrivate(), List.of(deviceCert, fleetCa), List.of(fleetCa),
                Clock.systemUTC());

        assertRefused(asDevice, "a device certificate (hosp-a/CT-01) cannot open a peer link; only broker nodes peer");
    }

    @Test
    void aNodeCertificateOfAnotherCaIsRefused() {
        KeyPair otherCaKeys = DeviceCertificates.newEcKey();
        X509Certificate otherCa = DeviceCertificates.selfSignedCa(otherCaKeys, "other CA", Duration.ofDays(30));
        KeyPair keys = DeviceCertificates.newEcKey();
        Instant now = Instant.now();
        X509Certificate foreign = NodeCertificates.issue(keys, "node-x", otherCaKeys, otherCa, now.minusSeconds(60),
                now.plus(Duration.ofDays(1)));
        SSLContext context = PeerTls.context(keys.getPrivate(), List.of(foreign, otherCa), List.of(fleetCa),
                Clock.systemUTC());

        assertRefused(context, "certificate CN=node-x,OU=hoshu-node is not issued by the fleet's device CA");
    }

    @Test
    void anExpiredNodeCertificateIsRefused() {
        KeyPair keys = DeviceCertificates.newEcKey();
        X509Certificate expired = NodeCertificates.issue(keys, "node-a", fleetCaKeys, fleetCa,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));
        SSLContext context = PeerTls.context(keys.getPrivate(), List.of(expired, fleetCa), List.of(fleetCa),
                Clock.systemUTC());

        assertRefused(context, "certificate CN=node-a,OU=hoshu-node expired at 2026-01-02 09:00 JST");
    }

    @Test
    void aConnectionWithoutACertificateIsRefused() throws Exception {
        TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX", Providers.jsse());
        KeyStore anchors = KeyStore.getInstance("PKCS12", Providers.bc());
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", fleetCa);
        pkix.init(anchors);
        SSLContext anonymous = SSLContext.getInstance("TLS", Providers.jsse());
        anonymous.init(null, new TrustManager[] {new PeerTrustManager(
                (X509ExtendedTrustManager) pkix.getTrustManagers()[0], Clock.systemUTC())}, new SecureRandom());

        assertRefused(anonymous, "no node certificate presented");
    }

    @Test
    void theEngineersNodeRefusesAPeerThatIsNotTheNodeTheDirectoryNames() {
        PeerLinks links = new PeerLinks("node-a", nodeTls("node-a"), brokerSsh, Duration.ofSeconds(5),
                Duration.ofSeconds(15));
        try {
            assertThatThrownBy(() -> links.session(new TunnelHolder("node-c", peerB, Instant.now())))
                    .isInstanceOf(PeerUnreachableException.class)
                    .hasMessage("node node-c at " + peerB + " presents the certificate of node node-b, not of node node-c");
        } finally {
            links.close();
        }
    }

    private void assertRefused(SSLContext client, String reason) {
        PeerLinks links = new PeerLinks("node-x", client, brokerSsh, Duration.ofSeconds(5), Duration.ofSeconds(15));
        try {
            assertThatThrownBy(() -> links.session(new TunnelHolder("node-b", peerB, Instant.now())))
                    .isInstanceOf(PeerUnreachableException.class);
            Eventually.waitFor("the refusal reported", WAIT, () -> refusals.contains(reason));
            assertThat(refusals).containsExactly(reason);
            assertThat(reason).doesNotContain("\n");
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            links.close();
        }
    }
}
