package dev.hoshu.broker.evidence;

import static dev.hoshu.broker.workorder.WorkOrderFixture.KATO;
import static dev.hoshu.broker.workorder.WorkOrderFixture.SATO;
import static dev.hoshu.broker.workorder.WorkOrderFixture.SUZUKI;
import static dev.hoshu.broker.workorder.WorkOrderFixture.T0;
import static dev.hoshu.broker.workorder.WorkOrderFixture.TANAKA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.AccountReview;
import dev.hoshu.api.service.AccountService;
import dev.hoshu.api.service.AccountView;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.Timeline;
import dev.hoshu.api.service.TimelineQuery;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.access.TestClock;
import dev.hoshu.broker.audit.AuditLogDirectory;
import dev.hoshu.broker.audit.FileAuditTrail;
import dev.hoshu.broker.workorder.WorkOrderFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence exports: the timeline from the audit log and the recordings, the CSVs, each of one hospital only. */
class EvidenceTest {

    @TempDir
    Path dir;

    private WorkOrderFixture fixture;
    private FileAuditTrail log;
    private Evidence evidence;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new WorkOrderFixture(dir, Optional::empty);
        TestClock clock = new TestClock(T0);
        AuditLogDirectory directory = new AuditLogDirectory(dir.resolve("audit"));
        log = new FileAuditTrail(directory, "node-1", clock);
        clock.advance(Duration.ofSeconds(10));
        log.record(AuditEvent.allowed("request.approve", "tanaka", "hosp-a", "hosp-a", "r-a1", Map.of()));
        clock.advance(Duration.ofSeconds(10));
        log.record(AuditEvent.allowed("request.approve", "yamada", "hosp-a", "hosp-a", "r-a1", Map.of()));
        clock.advance(Duration.ofSeconds(40));
        log.record(AuditEvent.allowed("session.start", "sato", "medserve", "hosp-a", "s-a1",
                Map.of("device", "CT-01", "grant", "g-a1")));
        log.record(AuditEvent.allowed("recording.view", "suzuki", "hosp-a", "hosp-a", "s-a1", Map.of()));
        log.record(AuditEvent.allowed("session.start", "sato", "medserve", "hosp-b", "s-b9",
                Map.of("device", "CT-01")));
        evidence = new Evidence(fixture.devices, fixture.requests, fixture.grants, fixture.sessions, directory,
                new OneReview(), fixture.audit);
    }

    @AfterEach
    void tearDown() {
        log.close();
        fixture.close();
    }

    @Test
    void theDevicesTimelineJoinsApprovalsAndStartsWithWhatTheRecordingsSay() {
        Timeline timeline = evidence.timeline(SUZUKI, new TimelineQuery("CT-01", null, T0, T0.plusSeconds(3600)));

        assertThat(timeline.entries()).extracting(e -> e.source() + " " + e.kind() + " " + e.target())
                .containsExactly(
                        "audit request.approve r-a1",
                        "audit request.approve r-a1",
                        "audit session.start s-a1",
                        "recording session.recorded s-a1",
                        "recording session.exit s-a1",
                        "recording session.recorded s-a2",
                        "recording session.cut s-a2",
                        "recording session.recorded s-other",
                        "recording session.exit s-other");
        Timeline.Entry cut = timeline.entries().get(6);
        assertThat(cut.actor()).isEqualTo("tanaka");
        assertThat(cut.details()).containsEntry("reason", "画像確認のため停止");
        assertThat(timeline.entries().get(4).details()).containsEntry("status", "0");
        assertThat(fixture.audit.single().action()).isEqualTo("evidence.timeline");
    }

    @Test
    void anotherHospitalGetsNothingOfThisOneEvenForTheSameDeviceId() {
        Timeline theirs = evidence.timeline(KATO, new TimelineQuery("CT-01", null, T0, T0.plusSeconds(3600)));

        assertThat(theirs.hospital()).isEqualTo("hosp-b");
        assertThat(theirs.entries()).extracting(Timeline.Entry::target).containsExactly("s-b9");
    }

    @Test
    void badQueriesAreRefusedInOneLine() {
        assertRefused(() -> evidence.timeline(SUZUKI, new TimelineQuery("CT-01", "sato", T0, T0.plusSeconds(1))),
                "refused: a timeline is of one device or one engineer: give device or engineer, not both");
        assertRefused(() -> evidence.timeline(SUZUKI, new TimelineQuery("../etc", null, T0, T0.plusSeconds(1))),
                "refused: '../etc' is not a device id");
        assertRefused(() -> evidence.timeline(SUZUKI, new TimelineQuery("CT-01", null, T0, T0)),
                "refused: a timeline needs from before to");
        assertRefused(() -> evidence.timeline(SUZUKI, new TimelineQuery("CT-01", null, T0, T0.plus(Duration.ofDays(400)))),
                "refused: a timeline covers at most 366 days");
        assertThatThrownBy(() -> evidence.timeline(SATO, new TimelineQuery("CT-01", null, T0, T0.plusSeconds(1))))
                .hasMessage("denied: an incident timeline needs the auditor or hospital-admin role");
    }

    @Test
    void theDeviceLedgerCsvHoldsOnlyTheHospitalsDevicesWithModelAndFirmware() {
        String csv = evidence.deviceLedgerCsv(TANAKA);

        assertThat(csv.lines()).containsExactly(
                "device,hospital,status,model,os,firmware,agent_version,enrolled_at,last_seen,reported_at,"
                        + "decommissioned_at,decommissioned_by,switched_off_on_site",
                "CT-01,hosp-a,ENROLLED,Aquilion ONE,Linux 6.1,V10.2,0.1.0,2026-11-19T01:00:00Z,2026-11-20T01:00:00Z,2026-11-20T01:00:00Z,,,"
                        + "false");
        assertThat(evidence.deviceLedgerCsv(KATO).lines()).hasSize(1);
    }

    @Test
    void privilegesListTheHospitalsOwnHoldersAndCellsNeverRunAsFormulas() {
        String csv = evidence.privilegesCsv(TANAKA);

        assertThat(csv.lines()).containsExactly("privilege,subject,name,last_active,disabled",
                "hospital-admin,tanaka,田中 花子,2026-11-20T01:00:00Z,false",
                "approver,tanaka,田中 花子,2026-11-20T01:00:00Z,false",
                "auditor,suzuki,\"'=HYPERLINK(\"\"x\"\")\",,false");
        assertThat(evidence.accountReviewCsv(TANAKA, 30).lines()).hasSize(4);
        assertThatThrownBy(() -> evidence.privilegesCsv(SUZUKI))
                .hasMessage("denied: exporting the administrative privileges needs the hospital-admin role");
    }

    private static void assertRefused(Runnable act, String line) {
        assertThatThrownBy(act::run).isInstanceOfSatisfying(RefusedException.class,
                r -> assertThat(r.status()).isEqualTo(RefusedException.Status.BAD_REQUEST)).hasMessage(line);
    }

    /** A review as the accounts service gives hosp-a's admin: its staff and an engineer who asked there. */
    private static final class OneReview implements AccountService {
        @Override
        public void apiUse(Actor actor, String call) {
        }

        @Override
        public AccountReview review(Actor actor, int dormantDays) {
            return new AccountReview(T0, dormantDays, List.of(
                    new AccountView("tanaka", "hosp-a", List.of("approver", "hospital-admin"), "田中 花子", T0, T0, null,
                            T0, List.of(), false, List.of()),
                    new AccountView("suzuki", "hosp-a", List.of("auditor"), "=HYPERLINK(\"x\")", null, null, null, null,
                            List.of(), false, List.of()),
                    new AccountView("sato", "medserve", List.of("engineer", "approver"), "佐藤 健", T0, T0, T0, T0,
                            List.of("hosp-a"), true, List.of())));
        }

        @Override
        public AccountView disable(Actor actor, String subject, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AccountView enable(Actor actor, String subject, String reason) {
            throw new UnsupportedOperationException();
        }
    }
}
