package dev.hoshu.broker.workorder;

import static dev.hoshu.broker.workorder.WorkOrderFixture.KATO;
import static dev.hoshu.broker.workorder.WorkOrderFixture.SATO;
import static dev.hoshu.broker.workorder.WorkOrderFixture.SUZUKI;
import static dev.hoshu.broker.workorder.WorkOrderFixture.TANAKA;
import static dev.hoshu.broker.workorder.WorkOrderFixture.YAMADA_ENGINEER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.WorkOrderClosing;
import dev.hoshu.api.service.WorkOrderView;
import dev.hoshu.audit.AuditEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REQ-WORK-1: who sees and closes which work order, what closing needs, and the audit event of each act. */
class WorkOrdersTest {

    private static final WorkOrderClosing DONE = new WorkOrderClosing("X線管を交換し復旧 / tube replaced", "remote_only",
            null, "ファントム撮影で画質確認 / phantom scan checked", "放射線科 高橋");

    @TempDir
    Path dir;

    private WorkOrderFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new WorkOrderFixture(dir, Optional::empty);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void theOrderGroupsTheRequestItsGrantAndItsRecordedSessions() {
        WorkOrderView order = fixture.workOrders.workOrder(TANAKA, "r-a1");

        assertThat(order.grantId()).isEqualTo("g-a1");
        assertThat(order.reference()).isEqualTo("WO-777");
        assertThat(order.sessions()).containsExactly("s-a1", "s-a2");
        assertThat(order.state()).isEqualTo("open");
        assertThat(fixture.workOrders.workOrders(SATO)).extracting(WorkOrderView::id)
                .containsExactlyInAnyOrder("r-a1", "r-b1", "r-a2");
        assertThat(fixture.workOrders.workOrders(TANAKA)).extracting(WorkOrderView::id)
                .containsExactlyInAnyOrder("r-a1", "r-a2");
    }

    @Test
    void theEngineerClosesItOnceWithEverythingTheGuidelineAsks() {
        WorkOrderView closed = fixture.workOrders.close(SATO, "r-a1", DONE);

        assertThat(closed.state()).isEqualTo("closed");
        assertThat(closed.closure().repairForm()).isEqualTo("REMOTE_ONLY");
        assertThat(closed.closure().helper()).isEqualTo("放射線科 高橋");
        assertThat(closed.closure().closedBy()).isEqualTo("sato");
        AuditEvent event = fixture.audit.events().get(fixture.audit.events().size() - 1);
        assertThat(event.action()).isEqualTo("workorder.close");
        assertThat(event.outcome()).isEqualTo(AuditEvent.Outcome.ALLOWED);
        assertThat(event.hospital()).isEqualTo("hosp-a");
        assertThat(event.details()).containsEntry("repairForm", "REMOTE_ONLY").containsEntry("grant", "g-a1");
        assertThat(fixture.reportsDir.resolve("hosp-a/r-a1.json")).exists();
        assertThat(fixture.reportsDir.resolve("hosp-a/r-a1.json.sig")).exists();
        assertThat(fixture.grants.find("g-a1").orElseThrow().revokedReason())
                .as("no session may start under a closed order: the signed report would not hold it")
                .isEqualTo("work order r-a1 closed by sato");

        assertThatThrownBy(() -> fixture.workOrders.close(TANAKA, "r-a1", DONE))
                .isInstanceOfSatisfying(RefusedException.class, r -> assertThat(r.status())
                        .isEqualTo(RefusedException.Status.CONFLICT))
                .hasMessage("refused: work order r-a1 was already closed by sato at 2026-11-20 11:00 JST");
    }

    @Test
    void anotherHospitalsOrAnotherEngineersOrderIsUnknownAndItsOwnerSeesTheAttempt() {
        assertRefused(() -> fixture.workOrders.close(KATO, "r-a1", DONE), RefusedException.Status.NOT_FOUND,
                "unknown work order r-a1");
        assertRefused(() -> fixture.workOrders.workOrder(YAMADA_ENGINEER, "r-a1"), RefusedException.Status.NOT_FOUND,
                "unknown work order r-a1");
        assertRefused(() -> fixture.workOrders.workOrder(TANAKA, "../../etc/passwd"), RefusedException.Status.NOT_FOUND,
                "unknown work order ../../etc/passwd");
        AuditEvent attempt = fixture.audit.events().get(0);
        assertThat(attempt.action()).isEqualTo("workorder.close");
        assertThat(attempt.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
        assertThat(attempt.hospital()).isEqualTo("hosp-a");
        assertThat(attempt.organisation()).isEqualTo("hosp-b");
    }

    @Test
    void anAuditorSeesButDoesNotClose() {
        assertThat(fixture.workOrders.workOrder(SUZUKI, "r-a1").id()).isEqualTo("r-a1");
        assertRefused(() -> fixture.workOrders.close(SUZUKI, "r-a1", DONE), RefusedException.Status.FORBIDDEN,
                "denied: closing work order r-a1 needs its engineer, or an approver or hospital-admin of hosp-a");
    }

    @Test
    void missingOrWrongFieldsAreRefusedInOneLineAndNothingIsStored() {
        assertRefused(() -> fixture.workOrders.close(SATO, "r-a1", new WorkOrderClosing(" ", null, null, "ok", null)),
                RefusedException.Status.BAD_REQUEST, "refused: closing a work order needs result, repairForm, "
                        + "operationCheck and helper (the staff member who helped, or none); missing: result, "
                        + "repairForm, helper");
        assertRefused(() -> fixture.workOrders.close(SATO, "r-a1", null), RefusedException.Status.BAD_REQUEST,
                "refused: closing a work order needs result, repairForm, operationCheck and helper (the staff member"
                        + " who helped, or none); missing: result, repairForm, operationCheck, helper");
        assertRefused(() -> fixture.workOrders.close(SATO, "r-a1", new WorkOrderClosing("ok", "FAX", null, "ok", "none")),
                RefusedException.Status.BAD_REQUEST,
                "refused: repairForm must be REMOTE_ONLY, ON_SITE_VISIT, LOCAL_REPAIRER or OTHER, not 'FAX'");
        assertRefused(() -> fixture.workOrders.close(SATO, "r-a1", new WorkOrderClosing("ok", "OTHER", null, "ok", "none")),
                RefusedException.Status.BAD_REQUEST, "refused: repairForm OTHER needs repairFormText saying what it was");
        assertRefused(() -> fixture.workOrders.close(SATO, "r-a1",
                        new WorkOrderClosing("ok\u202e", "REMOTE_ONLY", null, "ok", "none")), RefusedException.Status.BAD_REQUEST,
                "refused: result holds control or invisible format characters; write plain text");
        assertRefused(() -> fixture.workOrders.close(SATO, "r-a1",
                        new WorkOrderClosing("x".repeat(2001), "REMOTE_ONLY", null, "ok", "none")),
                RefusedException.Status.BAD_REQUEST, "refused: result is longer than 2000 characters");
        assertRefused(() -> fixture.workOrders.close(SATO, "r-a2", DONE), RefusedException.Status.CONFLICT,
                "refused: work order r-a2 has no grant (request PENDING); nothing was done under it to close");

        assertThat(fixture.closures.all()).isEmpty();
        assertThat(Files.exists(fixture.reportsDir)).isFalse();
        assertThat(fixture.audit.events()).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("workorder.close");
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
        });
    }

    @Test
    void anOrderWithASessionStillRunningIsNotClosedAndItsGrantStands() {
        fixture.running.put("s-live", new dev.hoshu.broker.killswitch.LiveSession("s-live", "g-a1", "sato", "medserve",
                "hosp-a", "CT-01", "selftest", WorkOrderFixture.T0.plusSeconds(7000)));

        assertRefused(() -> fixture.workOrders.close(SATO, "r-a1", DONE), RefusedException.Status.CONFLICT,
                "refused: work order r-a1 still has live session s-live; end it (hoshu sessions kill) or let it "
                        + "finish, then close");
        assertThat(fixture.grants.find("g-a1").orElseThrow().revokedAt()).isNull();
        assertThat(fixture.closures.find("r-a1")).isEmpty();
    }

    @Test
    void otherWithItsWordsAndNoneAsHelperAreKept() {
        WorkOrderView closed = fixture.workOrders.close(TANAKA, "r-a1",
                new WorkOrderClosing("部品待ち", "other", "メーカー工場へ送付", "未実施（部品待ち）", "NONE"));

        assertThat(closed.closure().repairForm()).isEqualTo("OTHER");
        assertThat(closed.closure().repairFormText()).isEqualTo("メーカー工場へ送付");
        assertThat(closed.closure().helper()).isEqualTo("none");
        assertThat(closed.closure().closedBy()).isEqualTo("tanaka");
    }

    private static void assertRefused(Runnable act, RefusedException.Status status, String line) {
        assertThatThrownBy(act::run).isInstanceOfSatisfying(RefusedException.class,
                r -> assertThat(r.status()).isEqualTo(status)).hasMessage(line);
    }
}
