package dev.hoshu.broker.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.audit.AuditEntry;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.audit.AuditLogReport;
import dev.hoshu.audit.AuditLogVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditTrailTest {

    private static final Instant LATE_ON_21ST = Instant.parse("2026-11-21T23:59:59.500Z");

    @TempDir
    Path data;

    private final AtomicReference<Instant> now = new AtomicReference<>(LATE_ON_21ST);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private AuditLogDirectory directory() {
        return new AuditLogDirectory(data.resolve("audit"));
    }

    private static AuditEvent approval(String request) {
        return AuditEvent.allowed("request.approve", "tanaka", "hosp-a", "hosp-a", request, Map.of("grant", "g-1"));
    }

    @Test
    void eventsAreChainedInTheDaysFileWhichIsOwnerOnly() throws IOException {
        FileAuditTrail trail = new FileAuditTrail(directory(), "broker-1", clock);
        trail.record(approval("r-1"));
        trail.record(AuditEvent.refused("request.approve", "sato", "medserve", "hosp-a", "r-2",
                "denied: you cannot approve your own request", Map.of()));
        trail.close();

        Path file = data.resolve("audit/audit-2026-11-21.jsonl");
        AuditLogReport report = new AuditLogVerifier().verify(file);
        assertThat(report.message()).isEqualTo("ok: 3 lines, chain intact");
        assertThat(report.previous()).isNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        try (Stream<AuditEntry> entries = directory().entries(Instant.EPOCH, LATE_ON_21ST.plusSeconds(1))) {
            assertThat(entries.map(e -> e.event().target() + " " + e.event().outcome() + " " + e.node()))
                    .containsExactly("r-1 ALLOWED broker-1", "r-2 REFUSED broker-1");
        }
    }

    @Test
    void theNextDaysFileLinksToTheLastLineOfTheDayBeforeEvenAfterARestart() throws IOException {
        FileAuditTrail first = new FileAuditTrail(directory(), "broker-1", clock);
        first.record(approval("r-1"));
        first.close();
        // Restarted the same day: the file is continued, not restarted.
        FileAuditTrail restarted = new FileAuditTrail(directory(), "broker-1", clock);
        restarted.record(approval("r-2"));
        now.set(LATE_ON_21ST.plusSeconds(1));
        restarted.record(approval("r-3"));
        restarted.close();

        AuditLogVerifier verifier = new AuditLogVerifier();
        Path day1 = data.resolve("audit/audit-2026-11-21.jsonl");
        Path day2 = data.resolve("audit/audit-2026-11-22.jsonl");
        assertThat(verifier.verify(day1).message()).isEqualTo("ok: 3 lines, chain intact");
        assertThat(verifier.verify(day2).previous()).isEqualTo(verifier.verify(day1).lastHash());
        assertThat(verifier.verifyAll(directory().files()).message()).isEqualTo("ok: 2 files, 5 lines, chain intact");

        // A new process on a later day finds the link on disk.
        now.set(LATE_ON_21ST.plusSeconds(2 * 86_400));
        FileAuditTrail later = new FileAuditTrail(directory(), "broker-1", clock);
        later.record(approval("r-4"));
        later.close();
        assertThat(verifier.verifyAll(directory().files()).message()).isEqualTo("ok: 3 files, 7 lines, chain intact");
    }

    @Test
    void aFailedFsyncIsAnAuditUnavailableExceptionAndNothingIsLeftHalfChained() throws IOException {
        boolean[] failSync = {false};
        AuditFileSink.Opener flaky = (file, create) -> {
            AuditFileSink real = SyncedFileSink.open(file, create);
            return new AuditFileSink() {
                @Override
                public void append(String line) throws IOException {
                    real.append(line);
                    if (failSync[0]) {
                        throw new IOException("fsync: Input/output error");
                    }
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        };
        FileAuditTrail trail = new FileAuditTrail(directory(), "broker-1", clock, flaky);
        trail.record(approval("r-1"));
        failSync[0] = true;
        assertThatThrownBy(() -> trail.record(approval("r-2")))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessage("audit log unavailable: fsync: Input/output error");
        failSync[0] = false;
        trail.record(approval("r-3"));
        trail.close();
        // The line whose fsync failed may be on disk; the chain resumes after whatever is there.
        assertThat(new AuditLogVerifier().verify(data.resolve("audit/audit-2026-11-21.jsonl")).intact()).isTrue();
    }

    @Test
    void aFolderThatCannotBeWrittenFailsClosedWithOneLine() throws IOException {
        // Tests may run as root, which ignores permission bits; a file where the folder belongs fails for anyone.
        Files.writeString(data.resolve("audit"), "not a folder");
        FileAuditTrail trail = new FileAuditTrail(directory(), "broker-1", clock);
        assertThatThrownBy(() -> trail.record(approval("r-1")))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessageStartingWith("audit log unavailable: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void nothingIsAppendedToAFileWhoseChainWasBroken() throws IOException {
        FileAuditTrail trail = new FileAuditTrail(directory(), "broker-1", clock);
        trail.record(approval("r-1"));
        trail.record(approval("r-2"));
        trail.close();
        Path file = data.resolve("audit/audit-2026-11-21.jsonl");
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(1).replace("r-1", "r-9"), lines.get(2)));

        FileAuditTrail next = new FileAuditTrail(directory(), "broker-1", clock);
        assertThatThrownBy(() -> next.record(approval("r-3")))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessage("audit log unavailable: audit-2026-11-21.jsonl broken at line 2: hash does not match"
                        + " (edited, inserted or reordered); nothing more is appended to a broken chain");
        assertThat(Files.readAllLines(file)).hasSize(3);
    }

    @Test
    void aRestartedBrokerResumesTodaysFileBeforeTheFirstEventAndContinuesItsChain() throws IOException {
        FileAuditTrail first = new FileAuditTrail(directory(), "broker-1", clock);
        first.record(approval("r-1"));
        first.close();

        FileAuditTrail restarted = new FileAuditTrail(directory(), "broker-1", clock);
        assertThat(restarted.resumeToday()).isEmpty();
        restarted.record(approval("r-2"));
        restarted.close();

        assertThat(new AuditLogVerifier().verify(data.resolve("audit/audit-2026-11-21.jsonl")).message())
                .isEqualTo("ok: 3 lines, chain intact");
    }

    @Test
    void aBrokenChainIsNamedAtStartAndEveryEventIsStillRefused() throws IOException {
        FileAuditTrail trail = new FileAuditTrail(directory(), "broker-1", clock);
        trail.record(approval("r-1"));
        trail.close();
        Path file = data.resolve("audit/audit-2026-11-21.jsonl");
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(1).replace("r-1", "r-9")));

        FileAuditTrail restarted = new FileAuditTrail(directory(), "broker-1", clock);
        assertThat(restarted.resumeToday()).hasValue("audit-2026-11-21.jsonl broken at line 2: hash does not match"
                + " (edited, inserted or reordered); nothing more is appended to a broken chain");
        assertThatThrownBy(() -> restarted.record(approval("r-2")))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("broken at line 2");
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void resumingOnAFreshFolderWritesTodaysHeaderAtOnce() throws IOException {
        FileAuditTrail trail = new FileAuditTrail(directory(), "broker-1", clock);
        assertThat(trail.resumeToday()).isEmpty();

        Path file = data.resolve("audit/audit-2026-11-21.jsonl");
        assertThat(new AuditLogVerifier().verify(file).message()).isEqualTo("ok: 1 lines, chain intact");
        trail.record(approval("r-1"));
        trail.close();
        assertThat(new AuditLogVerifier().verify(file).message()).isEqualTo("ok: 2 lines, chain intact");
    }
}
