package dev.hoshu.broker.peering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.access.Grant;
import dev.hoshu.broker.killswitch.DeviceStop;
import dev.hoshu.broker.killswitch.KillTarget;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.killswitch.SessionStatus;
import dev.hoshu.broker.killswitch.StopReportHandler;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.reversetunnel.Eventually;
import dev.hoshu.broker.reversetunnel.LoopbackDevice;
import dev.hoshu.broker.reversetunnel.TestDeviceAuthority;
import dev.hoshu.broker.state.GrantLookup;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.redis.RedisConnections;
import dev.hoshu.broker.state.redis.RedisTunnelDirectory;
import dev.hoshu.broker.state.redis.SharedRedis;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes in one JVM on a real redis-server, as the gateway wires them: the engineer's session lives on node A,
 * the device's tunnel on node B. When A cuts the session, the device's stop report arrives at B over the tunnel and
 * must reach A's session over the real peer link, as a local session's would.
 */
@ExtendWith(SharedRedis.class)
class RelayedStopsTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    final KeyPair fleetCaKeys = DeviceCertificates.newEcKey();
    final X509Certificate fleetCa = DeviceCertificates.selfSignedCa(fleetCaKeys, "fleet device CA", Duration.ofDays(30));
    final List<String> refusalsA = new CopyOnWriteArrayList<>();
    final List<String> refusalsB = new CopyOnWriteArrayList<>();
    final List<DeviceStop> stopsOfTheSession = new CopyOnWriteArrayList<>();
    final List<SessionStatus> stopNotices = new CopyOnWriteArrayList<>();
    RedisConnections redis;
    DeviceTunnels tunnelsA;
    DeviceTunnels tunnelsB;
    RelayedStops stopsA;
    RelayedStops stopsB;
    PeerServer serverB;
    TunnelRegistrar registrarB;
    PeerLinks linksA;
    SessionRegistry sessionsA;
    SessionRegistry sessionsB;
    PeerRouting routingA;
    LoopbackDevice device;

    @BeforeEach
    void start(SharedRedis.Deployments deployments) throws Exception {
        KeyPair brokerSsh = DeviceCertificates.newEcKey();
        redis = RedisConnections.open(deployments.get("standalone").settings("t" + Ids.random(8)));
        TunnelDirectory directory = new RedisTunnelDirectory(redis, Duration.ofSeconds(30));
        Clock clock = Clock.systemUTC();
        tunnelsA = new DeviceTunnels(brokerSsh, Duration.ofSeconds(15), new TestDeviceAuthority(), clock);
        tunnelsB = new DeviceTunnels(brokerSsh, Duration.ofSeconds(15), new TestDeviceAuthority(), clock);
        stopsA = new RelayedStops("node-a", clock, (SocketAddress from, String reason) -> refusalsA.add(reason));
        stopsB = new RelayedStops("node-b", clock, (SocketAddress from, String reason) -> refusalsB.add(reason));

        // Node B: the tunnel, the peer port, and its own gateway's registry (which never had A's session).
        sessionsB = new SessionRegistry(noGrants(), clock);
        tunnelsB.handleControl(new StopReportHandler(sessionsB, DeviceTunnels::deviceOf, clock));
        serverB = new PeerServer("127.0.0.1", 0, nodeTls("node-b"), Duration.ofSeconds(5), brokerSsh, tunnelsB,
                "node-b", (SocketAddress from, String reason) -> refusalsB.add(reason), stopsB);
        registrarB = new TunnelRegistrar(directory, "node-b", "127.0.0.1:" + serverB.start().getPort());
        tunnelsB.watchPresence(registrarB);
        stopsB.serve(sessionsB);
        device = LoopbackDevice.honest("CT-01", "hosp-a", brokerSsh.getPublic()).connectTo(tunnelsB);
        Eventually.waitFor("CT-01 in the directory", WAIT, () -> directory.holder("CT-01").isPresent());

        // Node A: the engineer's session, routed over the peer link.
        linksA = new PeerLinks("node-a", nodeTls("node-a"), brokerSsh, Duration.ofSeconds(5), Duration.ofSeconds(15),
                stopsA);
        routingA = new PeerRouting(tunnelsA, directory, linksA, "node-a", stopsA);
        sessionsA = new SessionRegistry(noGrants(), clock);
        routingA.shareStopReports(sessionsA);
        sessionsA.whenDeviceStops(stopNotices::add);
    }

    @AfterEach
    void stop() throws Exception {
        linksA.close();
        device.close();
        registrarB.close();
        serverB.close();
        stopsA.close();
        stopsB.close();
        tunnelsA.close();
        tunnelsB.close();
        redis.close();
    }

    /** Starts the tool on the device through node A's route and registers the session on node A, as the gateway does. */
    ChannelExec relayedSession(String id) throws Exception {
        DeviceRoute route = routingA.route("CT-01").orElseThrow();
        assertThat(route.relayed()).isTrue();
        ChannelExec exec = route.session().createExecChannel(
                ("{\"session\":\"" + id + "\",\"tool\":\"sleep\",\"args\":[]}").getBytes(StandardCharsets.UTF_8),
                new PtyChannelConfiguration(), route.channelEnv());
        exec.open().verify(WAIT.toMillis());
        sessionsA.register(new LiveSession(id, "g-1", "sato", "medserve", "hosp-a", "CT-01", "sleep", Instant.now()),
                new KillTarget() {
                    @Override
                    public void kill(String by, String reason) {
                        exec.close(false);
                    }

                    @Override
                    public void deviceStopped(DeviceStop stop) {
                        stopsOfTheSession.add(stop);
                    }
                });
        Eventually.waitFor("the tool runs", WAIT, () -> device.tools().running() == 1);
        return exec;
    }

    @Test
    void theDevicesStopReportOnNodeBReachesTheKilledSessionOnNodeA() throws Exception {
        relayedSession("s-relayed");

        assertThat(sessionsA.kill("s-relayed", "scanner needed for a patient", "tanaka")).isTrue();
        Eventually.waitFor("the tool stopped on the device", WAIT,
                () -> device.tools().stopped().contains("s-relayed"));
        assertThat(device.confirmStop("s-relayed", 2).recorded()).isTrue();

        Eventually.waitFor("node A's session hears of the stop", WAIT, () -> !stopsOfTheSession.isEmpty());
        DeviceStop stop = stopsOfTheSession.get(0);
        assertThat(stop.sessionId()).isEqualTo("s-relayed");
        assertThat(stop.processes()).isEqualTo(2);
        assertThat(stop.deviceTime()).isNotNull();
        SessionStatus status = sessionsA.status("s-relayed").orElseThrow();
        assertThat(status.deviceStop()).isEqualTo(stop);
        assertThat(stopNotices).extracting(s -> s.session().id()).containsExactly("s-relayed");
        // Node B keeps nothing of it: the session is A's.
        assertThat(sessionsB.status("s-relayed")).isEmpty();
        assertThat(refusalsA).isEmpty();
    }

    @Test
    void aReportNodeADoesNotHoldIsRefusedThereAndChangesNothing() throws Exception {
        relayedSession("s-relayed");
        sessionsA.kill("s-relayed", "cut", "tanaka");
        Eventually.waitFor("the tool stopped", WAIT, () -> device.tools().stopped().contains("s-relayed"));

        // Reports leave node B one after the other: once the real one has arrived, the others were answered.
        device.confirmStop("s-another-nodes", 4);
        device.confirmStop("s-relayed", 1);
        Eventually.waitFor("the real report arrives", WAIT, () -> !stopsOfTheSession.isEmpty());

        assertThat(stopsOfTheSession).extracting(DeviceStop::sessionId).containsExactly("s-relayed");
        assertThat(sessionsA.status("s-another-nodes")).isEmpty();
        assertThat(stopNotices).extracting(s -> s.session().id()).containsExactly("s-relayed");
    }

    @Test
    void aMalformedReportFromAPeerIsRefusedWithTheReasonAndAudited() throws Exception {
        relayedSession("s-relayed");
        sessionsA.kill("s-relayed", "cut", "tanaka");

        // A holding node that passes on what no device could have sent.
        assertThat(stopsB.forward("CT-01", new DeviceStop("s-relayed", -5, Instant.now(), Instant.now()))).isTrue();
        assertThat(stopsB.forward("CT-01", new DeviceStop(" ", 1, Instant.now(), Instant.now()))).isTrue();

        Eventually.waitFor("both refusals audited on node A", WAIT, () -> refusalsA.size() == 2);
        assertThat(refusalsA).containsOnly("relayed stop report from node node-b refused: it needs a device, a "
                + "session and a process count from 0 to 1000000");
        assertThat(stopsOfTheSession).isEmpty();
        assertThat(sessionsA.status("s-relayed").orElseThrow().deviceStop()).isNull();
    }

    @Test
    void aDeviceNoPeerRelayedIsNotPassedOn() throws Exception {
        assertThat(stopsB.forward("MR-99", new DeviceStop("s-1", 1, Instant.now(), Instant.now()))).isFalse();
        // Nor is a device's report once the peer link that relayed it is gone.
        relayedSession("s-relayed");
        linksA.close();
        Eventually.waitFor("node B sees the link close", WAIT,
                () -> !stopsB.forward("CT-01", new DeviceStop("s-relayed", 1, Instant.now(), Instant.now())));
    }

    private SSLContext nodeTls(String node) {
        KeyPair keys = DeviceCertificates.newEcKey();
        Instant now = Instant.now();
        X509Certificate certificate = NodeCertificates.issue(keys, node, fleetCaKeys, fleetCa, now.minusSeconds(60),
                now.plus(Duration.ofDays(1)));
        return PeerTls.context(keys.getPrivate(), List.of(certificate, fleetCa), List.of(fleetCa), Clock.systemUTC());
    }

    private static GrantLookup noGrants() {
        return new GrantLookup() {
            @Override
            public Optional<Grant> find(String grantId) {
                return Optional.empty();
            }

            @Override
            public void revoke(String grantId, String reason) {
            }
        };
    }
}
