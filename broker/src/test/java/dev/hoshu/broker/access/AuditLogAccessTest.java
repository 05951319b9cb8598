package dev.hoshu.broker.access;

import static dev.hoshu.broker.access.Actors.KATO;
import static dev.hoshu.broker.access.Actors.SATO;
import static dev.hoshu.broker.access.Actors.SUZUKI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.AuditQuery;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEntry;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.AuditLogDirectory;
import dev.hoshu.broker.audit.FileAuditTrail;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the audit log: each hospital sees its own events only; the operator sees all, without details. */
class AuditLogAccessTest {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");
    static final Actor KIMURA = new Actor("kimura", "hosp-b", Set.of("auditor"), "木村 翔");
    static final Actor OPERATOR = new Actor("ops", "hoshu-platform", Set.of("operator"), "運用");

    @TempDir
    Path data;

    TestClock clock = new TestClock(T0);
    FileAuditTrail trail;
    AuditLogAccess log;

    @BeforeEach
    void setUp() {
        AuditLogDirectory directory = new AuditLogDirectory(data.resolve("audit"));
        trail = new FileAuditTrail(directory, "broker-1", clock);
        log = new AuditLogAccess(directory, trail);
        trail.record(AuditEvent.allowed("request.create", "sato", "medserve", "hosp-a", "r-a", Map.of("device", "CT-01")));
        trail.record(AuditEvent.refused("request.approve", "kato", "hosp-b", "hosp-a", "r-a", "denied: other hospital",
                Map.of()));
        trail.record(AuditEvent.allowed("request.create", "yamada", "medserve", "hosp-b", "r-b", Map.of("device", "MR-07")));
        trail.record(AuditEvent.allowed("session.kill", "tanaka", "hosp-a", "hosp-a", "s-a", Map.of("reason", "scan")));
        clock.advance(java.time.Duration.ofMinutes(1));
    }

    private static AuditQuery all() {
        return new AuditQuery(Instant.EPOCH, T0.plusSeconds(3600), "", 1000);
    }

    private static List<String> targets(List<AuditEntry> entries) {
        return entries.stream().filter(e -> !e.event().action().startsWith("audit."))
                .map(e -> e.event().action() + " " + e.event().target()).toList();
    }

    @Test
    void anAuditorSeesTheirHospitalsEventsOnlyWithDetails() {
        List<AuditEntry> seen = log.events(SUZUKI, all());
        assertThat(targets(seen)).containsExactly("request.create r-a", "request.approve r-a", "session.kill s-a");
        assertThat(seen.get(0).event().details()).containsEntry("device", "CT-01");
        assertThat(seen).allSatisfy(e -> assertThat(e.event().hospital()).isEqualTo("hosp-a"));
    }

    @Test
    void anotherHospitalsAuditorSeesNoneOfThem() {
        assertThat(targets(log.events(KIMURA, all()))).containsExactly("request.create r-b");
        assertThat(targets(log.events(KATO, all()))).containsExactly("request.create r-b");
        try (Stream<AuditEntry> exported = log.export(KIMURA, all())) {
            assertThat(exported.map(e -> e.event().hospital())).containsOnly("hosp-b");
        }
    }

    @Test
    void theOperatorSeesEveryEventButNoDetails() {
        List<AuditEntry> seen = log.events(OPERATOR, all());
        assertThat(targets(seen)).containsExactly("request.create r-a", "request.approve r-a", "request.create r-b",
                "session.kill s-a");
        assertThat(seen).allSatisfy(e -> assertThat(e.event().details()).isEmpty());
    }

    @Test
    void othersAreRefusedAndTheRefusalIsItselfAudited() {
        assertThatThrownBy(() -> log.events(SATO, all()))
                .isInstanceOfSatisfying(RefusedException.class, refusal -> {
                    assertThat(refusal.status()).isEqualTo(RefusedException.Status.FORBIDDEN);
                    assertThat(refusal.getMessage())
                            .isEqualTo("denied: reading the audit log needs the auditor, hospital-admin or operator role");
                });
        assertThat(log.events(OPERATOR, all())).anySatisfy(e -> {
            assertThat(e.event().action()).isEqualTo("audit.view");
            assertThat(e.event().actor()).isEqualTo("sato");
            assertThat(e.event().outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
        });
    }

    @Test
    void actionPrefixTimeRangeAndLimitNarrowTheAnswer() {
        AuditQuery requestsOnly = new AuditQuery(Instant.EPOCH, T0.plusSeconds(3600), "request.", 1000);
        assertThat(targets(log.events(SUZUKI, requestsOnly))).containsExactly("request.create r-a",
                "request.approve r-a");
        AuditQuery limited = new AuditQuery(Instant.EPOCH, T0.plusSeconds(3600), "request.", 1);
        assertThat(targets(log.events(SUZUKI, limited))).containsExactly("request.create r-a");
        AuditQuery later = new AuditQuery(T0.plusSeconds(30), T0.plusSeconds(3600), "request.", 1000);
        assertThat(log.events(SUZUKI, later)).isEmpty();
    }
}
