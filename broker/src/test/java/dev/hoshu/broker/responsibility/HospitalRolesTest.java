package dev.hoshu.broker.responsibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.Responsibilities;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.state.ResponsibilityRecords;
import dev.hoshu.broker.state.RecordCollections;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REQ-WORK-3: the hospital's admins write who does what, its staff read it, nobody else sees it. */
class HospitalRolesTest {

    private static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver", "hospital-admin"), "田中");
    private static final Actor SUZUKI = new Actor("suzuki", "hosp-a", Set.of("auditor"), "鈴木");
    private static final Actor KATO = new Actor("kato", "hosp-b", Set.of("approver", "hospital-admin"), "加藤");
    private static final Actor SATO = new Actor("sato", "medserve", Set.of("engineer"), "佐藤");
    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    @TempDir
    Path dir;

    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private HospitalRoles roles;

    @BeforeEach
    void setUp() {
        roles = new HospitalRoles(new ResponsibilityRecords(RecordCollections.inFolder(dir)), audit, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void theAdminWritesItsStaffReadsItAndTheBrokerStampsWhoAndWhen() {
        roles.update(TANAKA, sheet("hosp-b"));

        Responsibilities shown = roles.responsibilities(SUZUKI);

        assertThat(shown.hospital()).as("the caller's hospital, whatever the body said").isEqualTo("hosp-a");
        assertThat(shown.serviceCompany().name()).isEqualTo("メドサーブ株式会社");
        assertThat(shown.responsiblePerson().name()).isEqualTo("山本 太郎");
        assertThat(shown.emergencyContacts()).extracting(Responsibilities.Contact::name).containsExactly("放射線科 当直");
        assertThat(shown.updatedBy()).isEqualTo("tanaka");
        assertThat(shown.updatedAt()).isEqualTo(NOW);
        assertThat(audit.events()).extracting(AuditEvent::action, AuditEvent::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("responsibility.update", AuditEvent.Outcome.ALLOWED),
                org.assertj.core.groups.Tuple.tuple("responsibility.view", AuditEvent.Outcome.ALLOWED));
    }

    @Test
    void anotherHospitalSeesOnlyItsOwnAndEngineersAndAuditorsDoNotWrite() {
        roles.update(TANAKA, sheet(null));

        assertThatThrownBy(() -> roles.responsibilities(KATO)).isInstanceOfSatisfying(RefusedException.class,
                r -> assertThat(r.status()).isEqualTo(RefusedException.Status.NOT_FOUND))
                .hasMessage("no who-does-what sheet for hosp-b yet; a hospital-admin writes it with: hoshu "
                        + "responsibilities set FILE");
        assertThatThrownBy(() -> roles.update(SUZUKI, sheet(null)))
                .hasMessage("denied: writing who does what needs the hospital-admin role");
        assertThatThrownBy(() -> roles.responsibilities(SATO))
                .hasMessage("denied: who does what is shown to the hospital's approvers, auditors and admins");
    }

    @Test
    void anIncompleteOrHostileSheetIsRefusedWholeAndNothingIsStored() {
        Responsibilities noContacts = new Responsibilities(null, party("a"), party("b"), null, party("d"), List.of(),
                null, null);
        assertThatThrownBy(() -> roles.update(TANAKA, noContacts)).hasMessage("refused: who does what needs "
                + "serviceCompany, serverOperator, manufacturer, responsiblePerson (each with name and contact) and at "
                + "least one emergency contact; missing: manufacturer, emergencyContacts");
        Responsibilities newline = new Responsibilities(null, party("a\nInjected: yes"), party("b"), party("c"),
                party("d"), List.of(new Responsibilities.Contact("x", null, "1")), null, null);
        assertThatThrownBy(() -> roles.update(TANAKA, newline)).hasMessage("refused: serviceCompany.name holds "
                + "control or invisible format characters; write one line of plain text");
        Responsibilities huge = new Responsibilities(null, party("a".repeat(201)), party("b"), party("c"), party("d"),
                List.of(new Responsibilities.Contact("x", null, "1")), null, null);
        assertThatThrownBy(() -> roles.update(TANAKA, huge))
                .hasMessage("refused: serviceCompany.name is longer than 200 characters");
        assertThatThrownBy(() -> roles.responsibilities(TANAKA)).isInstanceOf(RefusedException.class);
        assertThat(audit.events()).filteredOn(e -> e.action().equals("responsibility.update"))
                .allMatch(e -> e.outcome() == AuditEvent.Outcome.REFUSED).hasSize(3);
    }

    private static Responsibilities sheet(String claimedHospital) {
        return new Responsibilities(claimedHospital, new Responsibilities.Party("メドサーブ株式会社", "03-1234-5678"),
                new Responsibilities.Party("保守 総合病院 情報システム課", "内線 2101"),
                new Responsibilities.Party("Hoshu Demo Imaging", "support@example.jp"),
                new Responsibilities.Party("山本 太郎", "090-0000-0000"),
                List.of(new Responsibilities.Contact("放射線科 当直", "技師長", "内線 3100")), "mallory", Instant.EPOCH);
    }

    private static Responsibilities.Party party(String name) {
        return new Responsibilities.Party(name, "contact");
    }
}
