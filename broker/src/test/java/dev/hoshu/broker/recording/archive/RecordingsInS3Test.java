package dev.hoshu.broker.recording.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RecordingContent;
import dev.hoshu.api.service.RecordingQuery;
import dev.hoshu.api.service.RecordingSummary;
import dev.hoshu.api.service.RecordingUse;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.access.HospitalTerms;
import dev.hoshu.broker.access.Recordings;
import dev.hoshu.broker.state.ContractRecords;
import dev.hoshu.broker.state.OrganisationRecords;
import dev.hoshu.broker.state.PolicyRecords;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.pki.SealKeyRing;
import dev.hoshu.broker.recording.DurableFiles;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.recording.SessionRecording;
import dev.hoshu.recording.RecordingHeader;
import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.broker.state.RecordCollections;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session recorded on local disk, moved to S3 once sealed, and read back by search, view and export exactly as
 * before its upload; a bucket that refuses writes loses nothing; a crash's unsealed recording is moved too.
 */
class RecordingsInS3Test {

    private static final Actor SUZUKI = new Actor("suzuki", "hosp-a", Set.of("auditor"), "鈴木");
    private static final Actor WATANABE = new Actor("watanabe", "hosp-b", Set.of("auditor"), "渡辺");
    private static LoopbackS3 s3;

    @TempDir
    Path dir;

    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private SealKeyRing ring;
    private RecordingStore live;
    private FolderArchive local;
    private S3Archive bucket;
    private FolderArchive copy;
    private ArchiveUploads uploads;
    private Recordings recordings;
    private String bucketName;
    private static int buckets;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = LoopbackS3.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void stores() throws Exception {
        ring = SealKeyRing.openOrCreate(dir.resolve("pki"), Clock.systemUTC());
        live = new RecordingStore(dir.resolve("recordings"), ring::current, "node-1", DurableFiles.onDisk());
        local = new FolderArchive(live.root(), false);
        bucketName = "rec-" + (++buckets);
        s3.createBucket(bucketName);
        bucket = S3Archive.connect(s3.settings(bucketName), "hoshu.recordings.s3");
        copy = new FolderArchive(dir.resolve("worm"), true);
        uploads = new ArchiveUploads(local, bucket, copy, live::isOpen, RetentionRules.keepForever(), Duration.ofDays(1),
                audit, Clock.systemUTC());
        Path state = Files.createDirectories(dir.resolve("state"));
        recordings = new Recordings(new RecordingLibrary(List.of(local, bucket)), ring, audit,
                new HospitalTerms(new OrganisationRecords(RecordCollections.inFolder(state)), new ContractRecords(RecordCollections.inFolder(state)), new PolicyRecords(RecordCollections.inFolder(state))));
    }

    @AfterEach
    void close() {
        s3.refuseWrites(false);
        uploads.close();
        live.close();
        bucket.close();
    }

    private SessionRecording record(String hospital, String session, String output) throws Exception {
        SessionRecording recording = live.open(new RecordingHeader(session, "g-1", List.of("tanaka"), "sato", "medserve",
                "CT-01", hospital, "node-1", "status", List.of(), null, live.sealKeyId()));
        recording.exec("status", List.of());
        recording.output(output.getBytes(StandardCharsets.UTF_8)).join();
        recording.exit(0);
        return recording;
    }

    private VerificationReport verify(byte[] recording) {
        return new RecordingVerifier().verify(new String(recording, StandardCharsets.UTF_8).lines().toList(),
                kid -> kid.equals(KeyIds.of(ring.current().getPublic())) ? Optional.of(ring.current().getPublic())
                        : Optional.empty());
    }

    private static byte[] read(RecordingContent content) throws Exception {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void aLiveRecordingStaysLocalAndASealedOneMovesWithItsBytesIntact() throws Exception {
        SessionRecording recording = record("hosp-a", "s-1", "all good\n");
        assertThat(uploads.pass()).isZero();
        assertThat(s3.keys(bucketName)).isEmpty();

        recording.close("exit");
        byte[] sealed = Files.readAllBytes(local.fileOf(new RecordingKey("hosp-a", "s-1")));
        assertThat(uploads.pass()).isZero();

        assertThat(s3.object(bucketName, "hosp-a/s-1.jsonl")).isEqualTo(sealed);
        assertThat(Files.exists(local.fileOf(new RecordingKey("hosp-a", "s-1")))).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("worm/hosp-a/s-1.jsonl"))).isEqualTo(sealed);
        assertThat(audit.events()).filteredOn(e -> e.action().startsWith("recording."))
                .extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::hospital, AuditEvent::target)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("recording.copy", AuditEvent.Outcome.ALLOWED, "hosp-a", "s-1"),
                        org.assertj.core.groups.Tuple.tuple("recording.upload", AuditEvent.Outcome.ALLOWED, "hosp-a", "s-1"));
        assertThat(audit.events().get(1).details()).containsEntry("store", "s3://" + bucketName)
                .containsKey("sha256");

        List<RecordingSummary> found = recordings.search(SUZUKI,
                new RecordingQuery("CT-01", "sato", null, null, null, "status", 0, 0, 10));
        assertThat(found).singleElement().satisfies(r -> {
            assertThat(r.session()).isEqualTo("s-1");
            assertThat(r.sealed()).isTrue();
            assertThat(r.exit()).isZero();
            assertThat(r.bytes()).isEqualTo(sealed.length);
        });
        byte[] viewed = read(recordings.recording(SUZUKI, "s-1", RecordingUse.VIEW));
        assertThat(viewed).isEqualTo(sealed);
        VerificationReport report = verify(viewed);
        assertThat(report.intact() && report.sealed()).as(report.message()).isTrue();
    }

    @Test
    void anotherHospitalsAuditorNeitherFindsNorReadsItInTheBucket() throws Exception {
        record("hosp-a", "s-1", "x\n").close("exit");
        uploads.pass();

        assertThat(recordings.search(WATANABE, new RecordingQuery(null, null, null, null, null, null, null, 0, 10)))
                .isEmpty();
        assertThatThrownBy(() -> recordings.recording(WATANABE, "s-1", RecordingUse.EXPORT))
                .isInstanceOfSatisfying(RefusedException.class,
                        r -> assertThat(r.status()).isEqualTo(RefusedException.Status.NOT_FOUND));
        assertThat(audit.events()).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
            assertThat(e.hospital()).isEqualTo("hosp-a");
        });
    }

    @Test
    void aBucketThatRefusesWritesKeepsTheRecordingLocalAuditsOnceAndTheRetryMovesIt() throws Exception {
        s3.refuseWrites(true);
        record("hosp-a", "s-1", "kept\n").close("exit");
        Path file = local.fileOf(new RecordingKey("hosp-a", "s-1"));
        byte[] sealed = Files.readAllBytes(file);

        assertThat(uploads.pass()).isEqualTo(1);
        assertThat(uploads.pass()).isEqualTo(1);

        assertThat(Files.readAllBytes(file)).isEqualTo(sealed);
        assertThat(s3.keys(bucketName)).isEmpty();
        assertThat(audit.events()).filteredOn(e -> e.action().equals("recording.upload")).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
            assertThat(e.reason()).startsWith("upload failed, kept on local disk and retried: s3://" + bucketName
                    + " refused hosp-a/s-1.jsonl");
        });
        // While it waits, auditors read it from the local disk.
        assertThat(read(recordings.recording(SUZUKI, "s-1", RecordingUse.VIEW))).isEqualTo(sealed);

        s3.refuseWrites(false);
        assertThat(uploads.pass()).isZero();
        assertThat(s3.object(bucketName, "hosp-a/s-1.jsonl")).isEqualTo(sealed);
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void anUnsealedRecordingLeftByACrashIsMovedAndStillSaysUnsealed() throws Exception {
        SessionRecording crashed = record("hosp-a", "s-crash", "half\n");
        byte[] unsealed = Files.readAllBytes(local.fileOf(new RecordingKey("hosp-a", "s-crash")));
        // A restarted broker: a new store over the same folder, which knows of no open session.
        RecordingStore restarted = new RecordingStore(dir.resolve("recordings"), ring::current, "node-1",
                DurableFiles.onDisk());
        ArchiveUploads afterRestart = new ArchiveUploads(local, bucket, null, restarted::isOpen,
                RetentionRules.keepForever(), Duration.ofDays(1), audit, Clock.systemUTC());
        try {
            assertThat(afterRestart.pass()).isZero();
        } finally {
            afterRestart.close();
            restarted.close();
        }

        byte[] stored = s3.object(bucketName, "hosp-a/s-crash.jsonl");
        assertThat(stored).isEqualTo(unsealed);
        VerificationReport report = verify(stored);
        assertThat(report.intact()).as(report.message()).isTrue();
        assertThat(report.sealed()).isFalse();
        assertThat(crashed.isClosed()).isFalse();
    }

    @Test
    void theSweepExpiresItFromTheBucketAfterItsHospitalsRetentionButNotFromTheCopy() throws Exception {
        record("hosp-a", "s-1", "x\n").close("exit");
        record("hosp-b", "s-2", "y\n").close("exit");
        uploads.pass();
        RetentionRules rules = new RetentionRules(null, java.util.Map.of("hosp-a", 30), Set.of());

        RetentionSweep early = new RetentionSweep(List.of(local, bucket), key -> false, rules, audit,
                Clock.offset(Clock.systemUTC(), Duration.ofDays(29)));
        assertThat(early.sweep()).isZero();
        RetentionSweep late = new RetentionSweep(List.of(local, bucket), key -> false, rules, audit,
                Clock.offset(Clock.systemUTC(), Duration.ofDays(31)));
        assertThat(late.sweep()).isEqualTo(1);

        assertThat(s3.keys(bucketName)).containsExactly("hosp-b/s-2.jsonl");
        assertThat(copy.list(null)).hasSize(2);
        assertThat(audit.events()).last().satisfies(e -> {
            assertThat(e.action()).isEqualTo("recording.expire");
            assertThat(e.details()).containsEntry("store", "s3://" + bucketName);
        });
    }

    @Test
    void anUploadThatCannotBeAuditedKeepsItsLocalCopy() throws Exception {
        record("hosp-a", "s-1", "x\n").close("exit");
        audit.failing();

        assertThat(uploads.pass()).isEqualTo(1);

        assertThat(Files.exists(local.fileOf(new RecordingKey("hosp-a", "s-1")))).isTrue();
    }
}
