package dev.hoshu.broker.peering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.access.Grant;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.gateway.DeviceRefusalAudit;
import dev.hoshu.broker.gateway.ToolRefusalHandler;
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
import dev.hoshu.tunnel.control.ReportAnswer;
import dev.hoshu.tunnel.control.ToolRefusal;
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
 * must reach A's session over the real peer link, as a local session's would. So must the device's refusal of the
 * tool, audited on A as a local refusal is.
 */
@ExtendWith(SharedRedis.class)
class RelayedReportsTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    final KeyPair fleetCaKeys = DeviceCertificates.newEcKey();
    final X509Certificate fleetCa = DeviceCertificates.selfSignedCa(fleetCaKeys, "fleet device CA", Duration.ofDays(30));
    final List<String> refusalsA = new CopyOnWriteArrayList<>();
    final List<String> refusalsB = new CopyOnWriteArrayList<>();
    final List<DeviceStop> stopsOfTheSession = new CopyOnWriteArrayList<>();
    final List<SessionStatus> stopNotices = new CopyOnWriteArrayList<>();
    final InMemoryAuditTrail auditA = new InMemoryAuditTrail();
    final InMemoryAuditTrail auditB = new InMemoryAuditTrail();
    RedisConnections redis;
    DeviceTunnels tunnelsA;
    DeviceTunnels tunnelsB;
    RelayedReports reportsA;
    RelayedReports reportsB;
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
        reportsA = new RelayedReports("node-a", clock, (SocketAddress from, String reason) -> refusalsA.add(reason));
        reportsB = new RelayedReports("node-b", clock, (SocketAddress from, String reason) -> refusalsB.add(reason));

        // Node B: the tunnel, the peer port, and its own gateway's registry (which never had A's session).
        sessionsB = new SessionRegistry(noGrants(), clock);
        tunnelsB.handleControl(new StopReportHandler(sessionsB, DeviceTunnels::deviceOf, clock));
        sessionsB.auditRefusalsWith(new DeviceRefusalAudit(auditB, noGrants()));
        tunnelsB.handleControl(new ToolRefusalHandler(sessionsB));
        serverB = new PeerServer("127.0.0.1", 0, nodeTls("node-b"), Duration.ofSeconds(5), brokerSsh, tunnelsB,
                "node-b", (SocketAddress from, String reason) -> refusalsB.add(reason), reportsB);
        registrarB = new TunnelRegistrar(directory, "node-b", "127.0.0.1:" + serverB.start().getPort());
        tunnelsB.watchPresence(registrarB);
        reportsB.serve(sessionsB);
        device = LoopbackDevice.honest("CT-01", "hosp-a", brokerSsh.getPublic()).connectTo(tunnelsB);
        Eventually.waitFor("CT-01 in the directory", WAIT, () -> directory.holder("CT-01").isPresent());

        // Node A: the engineer's session, routed over the peer link.
        linksA = new PeerLinks("node-a", nodeTls("node-a"), brokerSsh, Duration.ofSeconds(5), Duration.ofSeconds(15),
                reportsA);
        routingA = new PeerRouting(tunnelsA, directory, linksA, "node-a", reportsA);
        sessionsA = new SessionRegistry(noGrants(), clock);
        sessionsA.auditRefusalsWith(new DeviceRefusalAudit(auditA, noGrants()));
        routingA.shareDeviceReports(sessionsA);
        sessionsA.whenDeviceStops(stopNotices::add);
    }

    @AfterEach
    void stop() throws Exception {
        linksA.close();
        device.close();
        registrarB.close();
        serverB.close();
        reportsA.close();
        reportsB.close();
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
        assertThat(reportsB.forwardStop("CT-01", new DeviceStop("s-relayed", -5, Instant.now(), Instant.now()))).isTrue();
        assertThat(reportsB.forwardStop("CT-01", new DeviceStop(" ", 1, Instant.now(), Instant.now()))).isTrue();

        Eventually.waitFor("both refusals audited on node A", WAIT, () -> refusalsA.size() == 2);
        assertThat(refusalsA).containsOnly("relayed stop report from node node-b refused: it needs a device, a "
                + "session and a process count from 0 to 1000000");
        assertThat(stopsOfTheSession).isEmpty();
        assertThat(sessionsA.status("s-relayed").orElseThrow().deviceStop()).isNull();
    }

    @Test
    void aDeviceNoPeerRelayedIsNotPassedOn() throws Exception {
        assertThat(reportsB.forwardStop("MR-99", new DeviceStop("s-1", 1, Instant.now(), Instant.now()))).isFalse();
        assertThat(reportsB.forwardRefusal("MR-99", new ToolRefusal("s-1", "ct-calibrate", "refused"))).isFalse();
        // A device no peer relayed: its refusal of a session node B never had is refused there, as on a node alone.
        ReportAnswer answer = device.reportRefusal("s-nobodys", "ct-calibrate", "refused: tool revoked");
        assertThat(answer.recorded()).isFalse();
        assertThat(answer.error()).isEqualTo("no live session s-nobodys on CT-01");
        // Nor is a device's report passed on once the peer link that relayed it is gone.
        relayedSession("s-relayed");
        linksA.close();
        Eventually.waitFor("node B sees the link close", WAIT,
                () -> !reportsB.forwardStop("CT-01", new DeviceStop("s-relayed", 1, Instant.now(), Instant.now())));
        assertThat(reportsB.forwardRefusal("CT-01", new ToolRefusal("s-relayed", "ct-calibrate", "refused"))).isFalse();
        assertThat(auditA.events()).isEmpty();
        assertThat(auditB.events()).isEmpty();
    }

    @Test
    void theDevicesToolRefusalOnNodeBIsAuditedOnNodeAWithItsLine() throws Exception {
        relayedSession("s-relayed");

        // The agent's line as the engineer saw it, with a hostile escape sequence the audit log must not carry.
        ReportAnswer answer = device.reportRefusal("s-relayed", "ct-calibrate",
                "refused: tool ct-calibrate is revoked on this device\u001b[2J\nsecond line");
        assertThat(answer.recorded()).isTrue();

        Eventually.waitFor("node A audits the refusal", WAIT, () -> !auditA.events().isEmpty());
        AuditEvent event = auditA.single();
        assertThat(event.action()).isEqualTo("tool.run");
        assertThat(event.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
        assertThat(event.actor()).isEqualTo("sato");
        assertThat(event.organisation()).isEqualTo("medserve");
        assertThat(event.hospital()).isEqualTo("hosp-a");
        assertThat(event.target()).isEqualTo("s-relayed");
        assertThat(event.reason()).isEqualTo("refused: tool ct-calibrate is revoked on this device?[2J?second line");
        assertThat(event.details()).containsEntry("tool", "ct-calibrate").containsEntry("device", "CT-01")
                .containsEntry("by", "device:CT-01").containsEntry("grant", "g-1");
        // Node B writes nothing of it: the session is A's.
        assertThat(auditB.events()).isEmpty();
        assertThat(refusalsA).isEmpty();
    }

    @Test
    void aRefusalNodeADoesNotHoldIsRefusedThereAndChangesNothing() throws Exception {
        relayedSession("s-relayed");

        // Reports leave node B one after the other: once the real one is audited, the other was answered.
        assertThat(device.reportRefusal("s-another-nodes", "ct-calibrate", "refused: not ours").recorded()).isTrue();
        device.reportRefusal("s-relayed", "ct-calibrate", "refused: tool revoked");
        Eventually.waitFor("the real refusal is audited", WAIT, () -> !auditA.events().isEmpty());

        assertThat(auditA.single().target()).isEqualTo("s-relayed");
        assertThat(auditB.events()).isEmpty();
        // Another peer may hold it: the one-line answer, no fleet.peer event.
        assertThat(refusalsA).isEmpty();
    }

    @Test
    void aMalformedOrForeignRefusalFromAPeerIsRefusedWithTheReasonAndAudited() throws Exception {
        relayedSession("s-relayed");
        // One of node A's sessions, on another device than the tunnel that would speak of it.
        sessionsA.register(new LiveSession("s-mr", "g-2", "sato", "medserve", "hosp-a", "MR-02", "mr-coil",
                Instant.now()), new KillTarget() {
                    @Override
                    public void kill(String by, String reason) {
                    }

                    @Override
                    public void deviceStopped(DeviceStop stop) {
                    }
                });

        // A holding node that passes on what no device could have sent, or about another device's session.
        assertThat(reportsB.forwardRefusal("CT-01", new ToolRefusal("s-relayed", "ct-calibrate", " "))).isTrue();
        assertThat(reportsB.forwardRefusal("CT-01", new ToolRefusal(null, "ct-calibrate", "refused"))).isTrue();
        assertThat(reportsB.forwardRefusal("CT-01", new ToolRefusal("s-mr", "mr-coil", "refused"))).isTrue();

        Eventually.waitFor("the three refusals audited on node A", WAIT, () -> refusalsA.size() == 3);
        String malformed = "relayed tool refusal from node node-b refused: it needs a device, a session and the "
                + "device's reason";
        assertThat(refusalsA).containsExactly(malformed, malformed, "relayed tool refusal from node node-b refused: "
                + "session s-mr is not a session of device CT-01");
        assertThat(auditA.events()).isEmpty();
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
