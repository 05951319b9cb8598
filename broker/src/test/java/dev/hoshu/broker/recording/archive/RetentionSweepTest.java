package dev.hoshu.broker.recording.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.access.TestClock;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.tools.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention per hospital: deleted after it, audited first, never before, never when held, never from the copy. */
class RetentionSweepTest {

    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    @TempDir
    Path root;

    @TempDir
    Path copyRoot;

    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final TestClock clock = new TestClock(NOW);
    private FolderArchive store;
    private FolderArchive copy;

    @BeforeEach
    void stores() {
        store = new FolderArchive(root, false);
        copy = new FolderArchive(copyRoot, true);
    }

    /** A recording the store last wrote {@code daysAgo} days before now, with its copy in the write-once folder. */
    private RecordingKey stored(String hospital, String session, int daysAgo) throws Exception {
        RecordingKey key = new RecordingKey(hospital, session);
        Path file = root.resolve(hospital).resolve(session + ".jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"session\":\"" + session + "\"}\n");
        copy.put(key, file, Sha256.hexOf(file), null);
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(Duration.ofDays(daysAgo))));
        return key;
    }

    private RetentionSweep sweep(RetentionRules rules) {
        return new RetentionSweep(List.of(store), key -> false, rules, audit, clock);
    }

    @Test
    void eachHospitalKeepsItsRecordingsForItsOwnDays() throws Exception {
        stored("hosp-a", "s-old", 31);
        stored("hosp-a", "s-new", 29);
        stored("hosp-b", "s-old-b", 31);
        stored("hosp-c", "s-ancient", 4000);
        RetentionRules rules = new RetentionRules(null, Map.of("hosp-a", 30, "hosp-b", 365), Set.of());

        assertThat(sweep(rules).sweep()).isEqualTo(1);

        assertThat(store.list(null)).extracting(r -> r.key().name())
                .containsExactlyInAnyOrder("hosp-a/s-new.jsonl", "hosp-b/s-old-b.jsonl", "hosp-c/s-ancient.jsonl");
        assertThat(audit.single()).satisfies(e -> {
            assertThat(e.action()).isEqualTo("recording.expire");
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.ALLOWED);
            assertThat(e.actor()).isEqualTo("broker");
            assertThat(e.hospital()).isEqualTo("hosp-a");
            assertThat(e.target()).isEqualTo("s-old");
            assertThat(e.details()).containsEntry("retentionDays", "30");
        });
    }

    @Test
    void theImmutableCopyIsNeverTouched() throws Exception {
        stored("hosp-a", "s-old", 400);

        assertThat(sweep(new RetentionRules(30, Map.of(), Set.of())).sweep()).isEqualTo(1);

        assertThat(store.list(null)).isEmpty();
        assertThat(copy.list(null)).extracting(r -> r.key().name()).containsExactly("hosp-a/s-old.jsonl");
    }

    @Test
    void notOneDayBeforeTheRetentionEnds() throws Exception {
        stored("hosp-a", "s-1", 30);
        RetentionSweep sweep = sweep(new RetentionRules(null, Map.of("hosp-a", 30), Set.of()));
        clock.advance(Duration.ofSeconds(-1));

        assertThat(sweep.sweep()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sweep.sweep()).isEqualTo(1);
    }

    @Test
    void aLegalHoldOnAHospitalOrOneSessionKeepsThem() throws Exception {
        stored("hosp-a", "s-1", 100);
        stored("hosp-b", "s-held", 100);
        stored("hosp-b", "s-free", 100);

        int deleted = sweep(new RetentionRules(30, Map.of(), Set.of("hosp-a", "hosp-b/s-held"))).sweep();

        assertThat(deleted).isEqualTo(1);
        assertThat(store.list(null)).extracting(r -> r.key().name())
                .containsExactlyInAnyOrder("hosp-a/s-1.jsonl", "hosp-b/s-held.jsonl");
    }

    @Test
    void aRecordingASessionStillWritesIsLeftAlone() throws Exception {
        RecordingKey open = stored("hosp-a", "s-open", 100);

        int deleted = new RetentionSweep(List.of(store), open::equals, new RetentionRules(1, Map.of(), Set.of()), audit,
                clock).sweep();

        assertThat(deleted).isZero();
        assertThat(audit.events()).isEmpty();
    }

    @Test
    void withoutAnAuditLogNothingIsDeleted() throws Exception {
        stored("hosp-a", "s-1", 100);
        audit.failing();

        assertThat(sweep(new RetentionRules(1, Map.of(), Set.of())).sweep()).isZero();

        assertThat(store.list(null)).hasSize(1);
    }

    @Test
    void noRetentionMeansKeptForEver() throws Exception {
        stored("hosp-a", "s-1", 100_000);

        assertThat(sweep(RetentionRules.keepForever()).sweep()).isZero();
    }
}
