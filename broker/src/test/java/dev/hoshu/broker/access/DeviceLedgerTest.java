package dev.hoshu.broker.access;

import static dev.hoshu.broker.access.Actors.KATO;
import static dev.hoshu.broker.access.Actors.SUZUKI;
import static dev.hoshu.broker.access.Actors.TANAKA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.api.service.DeviceView;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.pki.BrokerPki;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.reversetunnel.TunnelRefusedException;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.FileDeviceStore;
import dev.hoshu.broker.state.FileJoinTokenStore;
import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.control.ClockOffset;
import dev.hoshu.tunnel.control.InventoryReport;
import dev.hoshu.tunnel.control.RenewalAnswer;
import dev.hoshu.tunnel.control.SwitchReport;
import dev.hoshu.broker.notify.CutNotice;
import dev.hoshu.tunnel.enroll.EnrollmentRequest;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device ledger: admission per handshake, renewal over the tunnel, inventory, decommissioning. */
class DeviceLedgerTest {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");
    static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 50_000);

    @TempDir
    static Path pkiHome;
    static BrokerPki pki;

    @TempDir
    Path state;

    TestClock clock = new TestClock(T0);
    InMemoryAuditTrail audit = new InMemoryAuditTrail();
    SessionsTest.FakeLiveSessions live = new SessionsTest.FakeLiveSessions();
    FileDeviceStore devices;
    DeviceLedger ledger;
    DeviceTunnels tunnels;
    Devices service;
    KeyPair deviceKey = DeviceCertificates.newEcKey();
    DeviceIdentity enrolled;
    List<CutNotice> notices = new java.util.ArrayList<>();

    @BeforeAll
    static void createPki() throws Exception {
        pki = BrokerPki.openOrCreate(pkiHome.resolve("pki"), List.of("localhost"), "node-1", java.time.Clock.systemUTC());
    }

    @BeforeEach
    void enrollCt01() throws Exception {
        devices = new FileDeviceStore(state);
        FileJoinTokenStore tokens = new FileJoinTokenStore(state);
        ClockOffsetPolicy clockPolicy = new ClockOffsetPolicy(Duration.ofSeconds(2));
        ledger = new DeviceLedger(devices, pki.deviceCas(), audit, Duration.ofHours(24), clockPolicy, clock,
                notices::add, device -> live.list().stream().filter(s -> s.device().equals(device))
                        .map(LiveSession::id).toList());
        tunnels = new DeviceTunnels(pki.brokerSsh(), Duration.ofSeconds(15), ledger, clock);
        service = new Devices(devices, tunnels, live, clockPolicy, audit, clock);
        String token = new JoinTokens(tokens, devices, () -> pki.deviceCa().certificate(), Duration.ofHours(1), clock, audit)
                .createJoinToken(TANAKA, "CT-01").token();
        String chain = new DeviceEnrollment(tokens, devices, pki.deviceCas(), pki.brokerSsh().getPublic(),
                Duration.ofHours(24), clock, audit)
                .enroll(new EnrollmentRequest(token, csr(deviceKey), "0.1.0")).certificateChain();
        enrolled = DeviceCertificates.identityOf(PemFiles.readCertificates(chain).get(0));
        audit.clear();
    }

    @AfterEach
    void stop() {
        tunnels.close();
    }

    private static String csr(KeyPair keys) {
        return PemFiles.toPem(DeviceCertificates.csr(keys, "CT-01"));
    }

    private DeviceIdentity renewed(RenewalAnswer answer) {
        assertThat(answer.error()).isNull();
        return DeviceCertificates.identityOf(PemFiles.readCertificates(answer.certificateChain()).get(0));
    }

    @Test
    void theEnrolledCertificateOpensATunnel() throws Exception {
        ledger.admit(enrolled, FROM);

        assertThat(audit.events()).isEmpty();
    }

    private static String serial(DeviceIdentity device) {
        return device.certificate().getSerialNumber().toString(16);
    }

    @Test
    void aRenewalKeepsTheKeyAndTheLastTwoCertificatesOpenTunnels() throws Exception {
        DeviceIdentity second = renewed(ledger.renew(enrolled, csr(deviceKey), serial(enrolled)));
        // still in the tunnel the first certificate opened, now holding the second
        DeviceIdentity third = renewed(ledger.renew(enrolled, csr(deviceKey), serial(second)));

        assertThat(second.certificate().getPublicKey()).isEqualTo(deviceKey.getPublic());
        assertThat(second.certificate().getSerialNumber()).isNotEqualTo(enrolled.certificate().getSerialNumber());
        ledger.admit(second, FROM);
        ledger.admit(third, FROM);
        assertThatThrownBy(() -> ledger.admit(enrolled, FROM))
                .isInstanceOf(TunnelRefusedException.class)
                .hasMessageContaining("is neither the last nor the previous one issued to it");
        assertThat(audit.events()).extracting(AuditEvent::action, AuditEvent::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("device.renew", AuditEvent.Outcome.ALLOWED),
                org.assertj.core.groups.Tuple.tuple("device.renew", AuditEvent.Outcome.ALLOWED),
                org.assertj.core.groups.Tuple.tuple("device.tunnel", AuditEvent.Outcome.REFUSED));
    }

    @Test
    void aRenewalWhoseAnswerWasLostLeavesTheDeviceItsCertificate() throws Exception {
        renewed(ledger.renew(enrolled, csr(deviceKey), serial(enrolled)));
        DeviceIdentity again = renewed(ledger.renew(enrolled, csr(deviceKey), serial(enrolled)));

        ledger.admit(enrolled, FROM);
        ledger.admit(again, FROM);
    }

    @Test
    void aHeldCertificateTheBrokerNoLongerAcceptsIsRefused() {
        DeviceIdentity second = renewed(ledger.renew(enrolled, csr(deviceKey), serial(enrolled)));
        renewed(ledger.renew(enrolled, csr(deviceKey), serial(second)));

        RenewalAnswer stale = ledger.renew(enrolled, csr(deviceKey), serial(enrolled));
        RenewalAnswer forged = ledger.renew(enrolled, csr(deviceKey), "1234abcd");

        assertThat(stale.error()).contains("is neither the last nor the previous one issued to it");
        assertThat(forged.error()).isEqualTo("certificate 1234abcd of device CT-01 is neither the last nor the previous one issued to it");
    }

    @Test
    void aRenewalForAnotherKeyOrGarbageIsRefusedAndAudited() {
        RenewalAnswer otherKey = ledger.renew(enrolled, csr(DeviceCertificates.newEcKey()), null);
        RenewalAnswer garbage = ledger.renew(enrolled, "-----BEGIN CERTIFICATE REQUEST-----\n$(rm -rf /)\n", null);

        assertThat(otherKey.error()).isEqualTo("the certificate request is for another key than the device's");
        assertThat(garbage.error()).startsWith("the certificate request");
        assertThat(audit.events()).allSatisfy(event -> {
            assertThat(event.action()).isEqualTo("device.renew");
            assertThat(event.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
            assertThat(event.actor()).isEqualTo("device:CT-01");
        }).hasSize(2);
    }

    @Test
    void decommissioningEndsSessionsAndRefusesTunnelAndRenewal() {
        live.running.put("s-1", new LiveSession("s-1", "g-1", "sato", "medserve", "hosp-a", "CT-01", "selftest", T0));
        live.running.put("s-2", new LiveSession("s-2", "g-2", "sato", "medserve", "hosp-b", "MR-07", "status", T0));

        DeviceView view = service.decommission(TANAKA, "CT-01", "scanner replaced");

        assertThat(view.status()).isEqualTo("DECOMMISSIONED");
        assertThat(view.decommissioned().by()).isEqualTo("tanaka");
        assertThat(live.kills).containsExactly("s-1|device CT-01 decommissioned: scanner replaced|tanaka");
        assertThatThrownBy(() -> ledger.admit(enrolled, FROM))
                .isInstanceOf(TunnelRefusedException.class)
                .hasMessage("device CT-01 was decommissioned by tanaka at 2026-11-21 10:00 JST: scanner replaced; no tunnel");
        assertThat(ledger.renew(enrolled, csr(deviceKey), null).error()).startsWith("device CT-01 was decommissioned");
        assertThat(audit.events()).extracting(AuditEvent::action, AuditEvent::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("device.decommission", AuditEvent.Outcome.ALLOWED),
                org.assertj.core.groups.Tuple.tuple("device.tunnel", AuditEvent.Outcome.REFUSED),
                org.assertj.core.groups.Tuple.tuple("device.renew", AuditEvent.Outcome.REFUSED));
        assertThat(audit.events().get(0).details()).containsEntry("reason", "scanner replaced");
    }

    @Test
    void onlyAnAdminOfTheDevicesHospitalDecommissionsIt() {
        assertThatThrownBy(() -> service.decommission(KATO, "CT-01", "hostile takeover"))
                .isInstanceOf(RefusedException.class)
                .hasMessage("denied: device CT-01 belongs to another hospital");
        assertThatThrownBy(() -> service.decommission(SUZUKI, "CT-01", "not mine to do"))
                .hasMessage("denied: decommissioning a device needs the hospital-admin role");
        assertThatThrownBy(() -> service.decommission(TANAKA, "../CT-01", "traversal"))
                .hasMessage("refused: device id '../CT-01' is not valid");
        assertThatThrownBy(() -> service.decommission(TANAKA, "CT-01", " "))
                .hasMessage("refused: decommissioning CT-01 needs a reason");
        assertThatThrownBy(() -> service.decommission(TANAKA, "CT-99", "no such device"))
                .hasMessage("unknown device CT-99");

        assertThat(audit.events()).hasSize(5).allSatisfy(event -> {
            assertThat(event.action()).isEqualTo("device.decommission");
            assertThat(event.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
        });
        assertThat(devices.find("CT-01").orElseThrow().outOfService()).isFalse();
    }

    @Test
    void decommissioningTwiceIsAConflict() {
        service.decommission(TANAKA, "CT-01", "scanner replaced");

        assertThatThrownBy(() -> service.decommission(TANAKA, "CT-01", "again"))
                .isInstanceOf(RefusedException.class)
                .hasMessage("refused: device CT-01 is already decommissioned");
    }

    @Test
    void theLedgerShowsTheReportedInventoryAndFlagsALargeClockOffset() {
        ledger.online(enrolled, new InventoryReport("0.1.0", "Aquilion ONE", "Linux 6.1", "V10.2\u001b[2J", 0, null, null),
                Optional.of(new ClockOffset(2_500, 4)));

        List<DeviceView> seen = service.devices(SUZUKI);

        assertThat(seen).singleElement().satisfies(device -> {
            assertThat(device.id()).isEqualTo("CT-01");
            assertThat(device.status()).isEqualTo("ENROLLED");
            assertThat(device.online()).as("no tunnel on this node").isFalse();
            assertThat(device.model()).isEqualTo("Aquilion ONE");
            assertThat(device.firmware()).as("a device's words are made printable").isEqualTo("V10.2\\u001b[2J");
            assertThat(device.clockOffsetMs()).isEqualTo(2_500L);
            assertThat(device.clockOffsetWarning()).isTrue();
            assertThat(device.certificateNotAfter()).isEqualTo(enrolled.certificate().getNotAfter().toInstant());
            assertThat(device.lastSeen()).isEqualTo(T0);
        });
        assertThat(service.devices(KATO)).as("another hospital's ledger").isEmpty();
        assertThatThrownBy(() -> service.devices(Actors.SATO))
                .hasMessage("denied: listing devices needs the hospital-admin or approver or auditor role");
    }

    @Test
    void aSwitchOffOnSiteIsShownAuditedAndNoticedOnceAndASwitchOnLikewise() {
        live.running.put("s-1", new LiveSession("s-1", "g-1", "sato", "medserve", "hosp-a", "CT-01", "status", T0));
        ledger.online(enrolled, new InventoryReport("0.1.0", "Aquilion ONE", "Linux 6.1", "V10.2", 0,
                new SwitchReport(false, null, 0), null), Optional.empty());
        assertThat(service.devices(SUZUKI).get(0).onSite().off()).isFalse();
        assertThat(audit.events()).noneMatch(e -> e.action().equals("device.switch"));

        clock.advance(Duration.ofMinutes(1));
        ledger.switched(enrolled, new SwitchReport(true, "switched off on site by yamada\u001b[2J", 1));
        ledger.switched(enrolled, new SwitchReport(true, "switched off on site by yamada\u001b[2J", 1));
        ledger.online(enrolled, new InventoryReport("0.1.0", "Aquilion ONE", "Linux 6.1", "V10.2", 0,
                new SwitchReport(true, "switched off on site by yamada\u001b[2J", 1), null), Optional.empty());

        DeviceView.OnSite onSite = service.devices(SUZUKI).get(0).onSite();
        assertThat(onSite.off()).isTrue();
        assertThat(onSite.since()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(onSite.note()).as("a device's words are made printable")
                .isEqualTo("switched off on site by yamada\\u001b[2J");
        List<AuditEvent> switches = audit.events().stream().filter(e -> e.action().equals("device.switch")).toList();
        assertThat(switches).singleElement().satisfies(event -> {
            assertThat(event.actor()).isEqualTo("device:CT-01");
            assertThat(event.hospital()).isEqualTo("hosp-a");
            assertThat(event.details()).containsEntry("state", "off");
        });
        assertThat(notices).singleElement().satisfies(notice -> {
            assertThat(notice.event()).isEqualTo("device.switched-off");
            assertThat(notice.hospital()).isEqualTo("hosp-a");
            assertThat(notice.actor()).isEqualTo("device:CT-01");
            assertThat(notice.target()).isEqualTo(new CutNotice.Target("device", "CT-01"));
            assertThat(notice.sessions()).containsExactly("s-1");
        });

        ledger.online(enrolled, new InventoryReport("0.1.0", "Aquilion ONE", "Linux 6.1", "V10.2", 0,
                new SwitchReport(false, null, 0), null), Optional.empty());

        assertThat(service.devices(SUZUKI).get(0).onSite().off()).isFalse();
        assertThat(audit.events().stream().filter(e -> e.action().equals("device.switch")).toList()).hasSize(2)
                .last().satisfies(event -> assertThat(event.details()).containsEntry("state", "on"));
        assertThat(notices).extracting(CutNotice::event).containsExactly("device.switched-off", "device.switched-on");
    }

    @Test
    void anAgentThatReportsNoSwitchLeavesTheLedgerAsItWas() {
        ledger.switched(enrolled, new SwitchReport(true, null, 0));

        ledger.online(enrolled, new InventoryReport("0.0.9", "Aquilion ONE", "Linux 6.1", "V10.2", 0, null, null),
                Optional.empty());

        DeviceView device = service.devices(SUZUKI).get(0);
        assertThat(device.agentVersion()).isEqualTo("0.0.9");
        assertThat(device.onSite().off()).isTrue();
        assertThat(device.onSite().note()).isEqualTo("switched off on site");
    }

    @Test
    void aTunnelUpWritesTheLedgerOnlyWhenTheReportChangedTheClockMovedOrTheLastWriteIsAnHourOld() {
        CountedDeviceWrites counted = new CountedDeviceWrites(devices);
        DeviceLedger ledger = new DeviceLedger(counted, pki.deviceCas(), audit, Duration.ofHours(24),
                new ClockOffsetPolicy(Duration.ofSeconds(2)), clock);
        InventoryReport report = new InventoryReport("0.1.0", "Aquilion ONE", "Linux 6.1", "V10.2", 0, null, null);

        ledger.online(enrolled, report, Optional.of(new ClockOffset(100, 4)));
        assertThat(counted.writes()).as("the first report").isEqualTo(1);

        clock.advance(Duration.ofMinutes(10));
        ledger.online(enrolled, report, Optional.of(new ClockOffset(900, 4)));
        assertThat(counted.writes()).as("same report, clock moved 0.8 s").isEqualTo(1);
        assertThat(devices.find("CT-01").orElseThrow().inventory().clockOffsetMs()).isEqualTo(100L);

        clock.advance(Duration.ofMinutes(1));
        ledger.online(enrolled, report, Optional.of(new ClockOffset(1_200, 4)));
        assertThat(counted.writes()).as("clock moved 1.1 s since the last write").isEqualTo(2);

        clock.advance(Duration.ofMinutes(1));
        ledger.online(enrolled, report, Optional.of(new ClockOffset(2_100, 4)));
        assertThat(counted.writes()).as("moved 0.9 s, but past the 2 s warning").isEqualTo(3);

        clock.advance(Duration.ofMinutes(1));
        ledger.online(enrolled, report, Optional.empty());
        assertThat(counted.writes()).as("the clock could not be measured this time").isEqualTo(4);

        clock.advance(Duration.ofMinutes(1));
        ledger.online(enrolled, new InventoryReport("0.1.1", "Aquilion ONE", "Linux 6.1", "V10.2", 0, null, null),
                Optional.empty());
        assertThat(counted.writes()).as("a new agent version").isEqualTo(5);

        clock.advance(Duration.ofMinutes(59));
        ledger.online(enrolled, new InventoryReport("0.1.1", "Aquilion ONE", "Linux 6.1", "V10.2", 0, null, null),
                Optional.empty());
        assertThat(counted.writes()).isEqualTo(5);
        clock.advance(Duration.ofMinutes(2));
        ledger.online(enrolled, new InventoryReport("0.1.1", "Aquilion ONE", "Linux 6.1", "V10.2", 0, null, null),
                Optional.empty());
        assertThat(counted.writes()).as("unchanged, but the last write is over an hour old").isEqualTo(6);
        Device stored = new FileDeviceStore(state).find("CT-01").orElseThrow();
        assertThat(stored.inventory().agentVersion()).as("read back from the file").isEqualTo("0.1.1");
        assertThat(stored.lastSeen()).isEqualTo(clock.instant());
    }

    /** The device ledger, counting the changes that reached the store's file. */
    private static final class CountedDeviceWrites implements DeviceStore {
        private final DeviceStore store;
        private int writes;

        CountedDeviceWrites(DeviceStore store) {
            this.store = store;
        }

        int writes() {
            return writes;
        }

        @Override
        public Optional<Device> find(String deviceId) {
            return store.find(deviceId);
        }

        @Override
        public List<Device> all() {
            return store.all();
        }

        @Override
        public Device upsert(String deviceId, java.util.function.UnaryOperator<Device> change) {
            Device before = store.find(deviceId).orElse(null);
            Device after = store.upsert(deviceId, change);
            if (after != before) {
                writes++;
            }
            return after;
        }
    }
}
