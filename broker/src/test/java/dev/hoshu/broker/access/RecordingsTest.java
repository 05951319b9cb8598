package dev.hoshu.broker.access;

import static dev.hoshu.broker.access.Actors.KATO;
import static dev.hoshu.broker.access.Actors.SATO;
import static dev.hoshu.broker.access.Actors.SUZUKI;
import static dev.hoshu.broker.access.Actors.TANAKA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RecordingContent;
import dev.hoshu.api.service.RecordingQuery;
import dev.hoshu.api.service.RecordingSummary;
import dev.hoshu.api.service.RecordingUse;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.SealKey;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.pki.SealKeyRing;
import dev.hoshu.broker.recording.DurableFiles;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.state.PolicyVersion;
import dev.hoshu.broker.recording.SessionRecording;
import dev.hoshu.broker.recording.archive.FolderArchive;
import dev.hoshu.broker.recording.archive.RecordingLibrary;
import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;
import dev.hoshu.recording.RecordingChain;
import dev.hoshu.recording.RecordingHeader;
import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who sees which recording, search across two hospitals, and the audit event each access leaves. */
class RecordingsTest {

    private static final Actor WATANABE = new Actor("watanabe", "hosp-b", Set.of("auditor"), "渡辺 明");
    private static final Actor OPS = new Actor("ops", "hoshu-platform", Set.of("operator"), "運用");
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    @TempDir
    Path dir;

    @TempDir
    Path pki;

    @TempDir
    Path state;

    private DemoTerms terms;

    private SealKeyRing ring;
    private KeyPair seal;
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private RecordingStore store;
    private Recordings recordings;

    @BeforeEach
    void twoHospitals() throws Exception {
        ring = SealKeyRing.openOrCreate(pki, Clock.systemUTC());
        seal = ring.current();
        store = new RecordingStore(dir, ring::current, "node-1", DurableFiles.onDisk());
        terms = new DemoTerms(state);
        recordings = new Recordings(new RecordingLibrary(List.of(new FolderArchive(dir, false))), ring, audit,
                terms.terms);
        write("hosp-a", "s-a1", "CT-01", "sato", "medserve", "status", List.of(), 0, 0, true);
        write("hosp-a", "s-a2", "CT-01", "sato", "medserve", "status", List.of("--fail"), 3600, 3, true);
        write("hosp-a", "s-a3", "MR-02", "yamada", "othercorp", "logcollect", List.of("--lines", "5"), 7200, null, false);
        write("hosp-b", "s-b1", "CT-09", "sato", "medserve", "status", List.of(), 5400, 0, true);
        Files.writeString(dir.resolve("hosp-a/s-junk.jsonl"), "not a recording\n");
        Files.writeString(dir.resolve("secret.jsonl"), "{}\n");
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A recording started {@code offsetSeconds} after T0; without a seal when {@code sealed} is false. */
    private void write(String hospital, String session, String device, String engineer, String company, String tool,
                       List<String> args, long offsetSeconds, Integer exit, boolean sealed) throws Exception {
        RecordingChain chain = new RecordingChain(new RecordingHeader(session, "g-1", List.of("tanaka"), engineer, company,
                device, hospital, "node-1", tool, args, null, KeyIds.of(seal.getPublic())), T0.plusSeconds(offsetSeconds));
        List<String> lines = new ArrayList<>(List.of(chain.headerLine(), chain.exec(tool, args, 0),
                chain.output("reading\n".getBytes(StandardCharsets.UTF_8), 500)));
        if (exit != null) {
            lines.add(chain.exit(exit, 2000));
        }
        if (sealed) {
            lines.add(chain.end("exit", 2001));
            lines.add(chain.seal(seal.getPrivate(), 2001));
        }
        Files.createDirectories(dir.resolve(hospital));
        Files.write(dir.resolve(hospital).resolve(session + ".jsonl"), lines, StandardCharsets.UTF_8);
    }

    private static RecordingQuery all() {
        return new RecordingQuery(null, null, null, null, null, null, null, 0, 100);
    }

    private List<String> sessionsFound(Actor actor, RecordingQuery query) {
        return recordings.search(actor, query).stream().map(RecordingSummary::session).toList();
    }

    @Test
    void onlyTheHospitalsAuditorsGetTheFileAndEachAccessIsAudited() throws Exception {
        byte[] file = Files.readAllBytes(dir.resolve("hosp-a/s-a1.jsonl"));
        for (RecordingUse use : List.of(RecordingUse.VIEW, RecordingUse.EXPORT)) {
            RecordingContent content = recordings.recording(SUZUKI, "s-a1", use);
            assertThat(content.size()).isEqualTo(file.length);
            try (var in = content.open()) {
                assertThat(in.readAllBytes()).isEqualTo(file);
            }
        }
        assertThatThrownBy(() -> recordings.recording(TANAKA, "s-a1", RecordingUse.VIEW))
                .hasMessage("denied: reading a recording needs the auditor role");

        assertThat(audit.events()).extracting(AuditEvent::action, AuditEvent::actor, AuditEvent::hospital,
                        AuditEvent::target, AuditEvent::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("recording.view", "suzuki", "hosp-a", "s-a1", AuditEvent.Outcome.ALLOWED),
                        org.assertj.core.groups.Tuple.tuple("recording.export", "suzuki", "hosp-a", "s-a1", AuditEvent.Outcome.ALLOWED),
                        org.assertj.core.groups.Tuple.tuple("recording.view", "tanaka", "hosp-a", "s-a1", AuditEvent.Outcome.REFUSED));
    }

    @Test
    void anotherHospitalsRecordingIsNotFoundSoItsIdDoesNotLeakButItsHospitalSeesTheAttempt() {
        assertThatThrownBy(() -> recordings.recording(WATANABE, "s-a1", RecordingUse.EXPORT))
                .isInstanceOfSatisfying(RefusedException.class, r -> {
                    assertThat(r.status()).isEqualTo(RefusedException.Status.NOT_FOUND);
                    assertThat(r.getMessage()).isEqualTo("no recording of session s-a1");
                });
        // The same answer as for an id that exists nowhere.
        assertThatThrownBy(() -> recordings.recording(WATANABE, "s-zz", RecordingUse.VIEW))
                .hasMessage("no recording of session s-zz");
        AuditEvent attempt = audit.events().get(0);
        assertThat(attempt.action()).isEqualTo("recording.export");
        assertThat(attempt.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
        assertThat(attempt.hospital()).isEqualTo("hosp-a");
        assertThat(attempt.organisation()).isEqualTo("hosp-b");
        assertThat(attempt.details()).containsEntry("why", "recording of another hospital");
    }

    /** hosp-a lets engineers read their own sessions' recordings; hosp-b keeps the secure default. */
    private void hospitalALetsEngineersSeeTheirOwn() {
        terms.policies.append(new PolicyVersion("hosp-a", 1, """
                hospital: hosp-a
                categories:
                  MONITOR: {}
                recordings: {engineers-see-own: true}
                """, "tanaka", T0));
    }

    @Test
    void anEngineerReadsTheirOwnRecordingsOnlyWhereTheHospitalsPolicySaysSo() throws Exception {
        assertThatThrownBy(() -> recordings.recording(SATO, "s-a1", RecordingUse.VIEW))
                .isInstanceOfSatisfying(RefusedException.class,
                        r -> assertThat(r.status()).isEqualTo(RefusedException.Status.FORBIDDEN))
                .hasMessage("denied: the policy of hosp-a does not let engineers read the recordings of their own "
                        + "sessions (recordings: engineers-see-own)");
        assertThat(sessionsFound(SATO, all())).isEmpty();

        hospitalALetsEngineersSeeTheirOwn();

        try (var in = recordings.recording(SATO, "s-a1", RecordingUse.EXPORT).open()) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(dir.resolve("hosp-a/s-a1.jsonl")));
        }
        // Yamada's session at the same hospital, and sato's own at hosp-b, whose policy is the default: not found.
        for (String other : List.of("s-a3", "s-b1")) {
            assertThatThrownBy(() -> recordings.recording(SATO, other, RecordingUse.VIEW))
                    .isInstanceOfSatisfying(RefusedException.class,
                            r -> assertThat(r.status()).isIn(RefusedException.Status.NOT_FOUND,
                                    RefusedException.Status.FORBIDDEN));
        }
        assertThatThrownBy(() -> recordings.recording(SATO, "s-a3", RecordingUse.VIEW))
                .hasMessage("no recording of session s-a3");
        assertThat(sessionsFound(SATO, all())).containsExactly("s-a2", "s-a1");
        // A namesake at another company is another person.
        Actor otherSato = new Actor("sato", "othercorp", Set.of("engineer"), "佐藤 別人");
        assertThatThrownBy(() -> recordings.recording(otherSato, "s-a1", RecordingUse.VIEW))
                .hasMessage("no recording of session s-a1");
        assertThat(sessionsFound(otherSato, all())).isEmpty();
        assertThat(audit.events()).extracting(AuditEvent::action).contains("recording.export", "recording.search");
    }

    @Test
    void theOperatorAndApproversGetNoContentAndTheRefusalIsAudited() {
        assertThatThrownBy(() -> recordings.recording(TANAKA, "s-a1", RecordingUse.VIEW))
                .isInstanceOfSatisfying(RefusedException.class,
                        r -> assertThat(r.status()).isEqualTo(RefusedException.Status.FORBIDDEN))
                .hasMessage("denied: reading a recording needs the auditor role");
        assertThatThrownBy(() -> recordings.recording(OPS, "s-a1", RecordingUse.VIEW))
                .hasMessage("denied: the platform operator sees recording metadata only, never content");

        assertThat(audit.events()).extracting(AuditEvent::outcome)
                .containsExactly(AuditEvent.Outcome.REFUSED, AuditEvent.Outcome.REFUSED);
        assertThat(audit.events().get(1).reason())
                .isEqualTo("denied: the platform operator sees recording metadata only, never content");
    }

    @Test
    void aRecordingThatGrowsWhileItIsFetchedIsServedAsLongAsItWasWhenFound() throws Exception {
        Path file = dir.resolve("hosp-a/s-a3.jsonl");
        byte[] before = Files.readAllBytes(file);
        RecordingContent content = recordings.recording(SUZUKI, "s-a3", RecordingUse.VIEW);

        Files.writeString(file, "{\"i\":3,\"t\":9000,\"k\":\"o\",\"d\":\"more\",\"h\":\"x\"}\n", StandardOpenOption.APPEND);

        assertThat(content.size()).isEqualTo(before.length);
        try (var in = content.open()) {
            assertThat(in.readAllBytes()).isEqualTo(before);
        }
    }

    @Test
    void traversalAndMalformedIdsAreNotFoundAndAudited() {
        for (String hostile : List.of("../secret", "../hosp-a/s-a1", "/etc/passwd", "s-nope", "s-a1\n", "", "s-a1%2F..")) {
            assertThatThrownBy(() -> recordings.recording(SUZUKI, hostile, RecordingUse.VIEW))
                    .isInstanceOfSatisfying(RefusedException.class,
                            r -> assertThat(r.status()).isEqualTo(RefusedException.Status.NOT_FOUND));
        }
        assertThat(audit.events()).hasSize(7).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
            assertThat(e.target()).doesNotContain("\n");
        });
    }

    @Test
    void searchShowsEachHospitalOnlyItsOwnRecordingsNewestFirst() {
        assertThat(sessionsFound(SUZUKI, all())).containsExactly("s-a3", "s-a2", "s-a1");
        assertThat(sessionsFound(TANAKA, all())).containsExactly("s-a3", "s-a2", "s-a1");
        assertThat(sessionsFound(KATO, all())).containsExactly("s-b1");
        assertThat(sessionsFound(WATANABE, all())).containsExactly("s-b1");
        // A hostile filter value is only ever compared, never a path.
        assertThat(sessionsFound(WATANABE, new RecordingQuery("../hosp-a", null, null, null, null, null, null, 0, 10))).isEmpty();
    }

    @Test
    void theOperatorSearchesEveryHospitalsMetadata() {
        assertThat(sessionsFound(OPS, all())).containsExactly("s-a3", "s-b1", "s-a2", "s-a1");
    }

    @Test
    void peopleWithoutARecordingRoleCannotSearchAndTheRefusalIsAudited() {
        Actor stranger = new Actor("nobody", "hosp-a", Set.of("viewer"), "名無し");
        assertThatThrownBy(() -> recordings.search(stranger, all()))
                .hasMessage("denied: searching recordings needs the auditor, approver, operator or engineer role");
        assertThat(audit.single().action()).isEqualTo("recording.search");
        assertThat(audit.single().outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
    }

    @Test
    void everyCriterionNarrowsTheSearch() {
        assertThat(sessionsFound(SUZUKI, new RecordingQuery("CT-01", null, null, null, null, null, null, 0, 100)))
                .containsExactly("s-a2", "s-a1");
        assertThat(sessionsFound(SUZUKI, new RecordingQuery(null, "yamada", null, null, null, null, null, 0, 100)))
                .containsExactly("s-a3");
        assertThat(sessionsFound(SUZUKI, new RecordingQuery(null, null, "medserve", null, null, null, null, 0, 100)))
                .containsExactly("s-a2", "s-a1");
        assertThat(sessionsFound(SUZUKI, new RecordingQuery(null, null, null, T0.plusSeconds(1), T0.plusSeconds(7200),
                null, null, 0, 100))).containsExactly("s-a2");
        assertThat(sessionsFound(SUZUKI, new RecordingQuery(null, null, null, null, null, "STATUS --fail", null, 0, 100)))
                .containsExactly("s-a2");
        assertThat(sessionsFound(SUZUKI, new RecordingQuery(null, null, null, null, null, null, 0, 0, 100)))
                .containsExactly("s-a1");
    }

    @Test
    void pagesAreSlicesOfTheNewestFirstList() {
        assertThat(sessionsFound(SUZUKI, new RecordingQuery(null, null, null, null, null, null, null, 0, 2)))
                .containsExactly("s-a3", "s-a2");
        assertThat(sessionsFound(SUZUKI, new RecordingQuery(null, null, null, null, null, null, null, 1, 2)))
                .containsExactly("s-a1");
        assertThat(sessionsFound(SUZUKI, new RecordingQuery(null, null, null, null, null, null, null, 5, 2))).isEmpty();
        assertThatThrownBy(() -> new RecordingQuery(null, null, null, null, null, null, null, 0, 101))
                .hasMessage("refused: size must be between 1 and 100");
    }

    @Test
    void aSummaryTellsHowTheSessionEndedWithoutItsContent() throws Exception {
        List<RecordingSummary> found = recordings.search(SUZUKI, all());
        RecordingSummary failed = found.get(1);
        assertThat(failed).isEqualTo(new RecordingSummary("s-a2", "hosp-a", "CT-01", "sato", "medserve", "status",
                List.of("--fail"), T0.plusSeconds(3600), T0.plusSeconds(3600).plusMillis(2001), 3, true,
                Files.size(dir.resolve("hosp-a/s-a2.jsonl"))));
        RecordingSummary unsealed = found.get(0);
        assertThat(unsealed.sealed()).isFalse();
        assertThat(unsealed.exit()).isNull();
        assertThat(unsealed.ended()).isEqualTo(T0.plusSeconds(7200).plusMillis(500));
        AuditEvent search = audit.single();
        assertThat(search.outcome()).isEqualTo(AuditEvent.Outcome.ALLOWED);
        assertThat(search.details()).containsEntry("found", "3");
    }

    @Test
    void aRecordingThatGrewIsReadAgain() throws Exception {
        assertThat(recordings.search(SUZUKI, all()).get(0).exit()).isNull();
        Files.writeString(dir.resolve("hosp-a/s-a3.jsonl"), "{\"i\":3,\"t\":9000,\"k\":\"exit\",\"status\":7,\"h\":\"x\"}\n",
                StandardOpenOption.APPEND);

        RecordingSummary grown = recordings.search(SUZUKI, all()).get(0);
        assertThat(grown.exit()).isEqualTo(7);
        assertThat(grown.ended()).isEqualTo(T0.plusSeconds(7200).plusMillis(9000));
    }

    @Test
    void withoutAnAuditLogNothingIsShown() {
        audit.failing();
        assertThatThrownBy(() -> recordings.recording(SUZUKI, "s-a1", RecordingUse.VIEW))
                .isInstanceOfSatisfying(RefusedException.class,
                        r -> assertThat(r.status()).isEqualTo(RefusedException.Status.UNAVAILABLE));
        assertThatThrownBy(() -> recordings.search(SUZUKI, all()))
                .isInstanceOfSatisfying(RefusedException.class,
                        r -> assertThat(r.status()).isEqualTo(RefusedException.Status.UNAVAILABLE));
    }

    @Test
    void sealKeysArePublishedAsPem() throws Exception {
        SealKey key = recordings.sealKeys().get(0);
        assertThat(key.id()).isEqualTo(KeyIds.of(seal.getPublic()));
        assertThat(Pem.parsePublicKey(key.publicKeyPem(), "test")).isEqualTo(seal.getPublic());
        assertThat(key.publicKeyPem()).doesNotContain("PRIVATE");
    }

    @Test
    void onlyTheOperatorRotatesTheSealKeyWithAReasonAndEachAttemptIsAudited() {
        String before = KeyIds.of(seal.getPublic());
        assertThatThrownBy(() -> recordings.rotateSealKey(SUZUKI, "suspected leak"))
                .isInstanceOfSatisfying(RefusedException.class, r -> {
                    assertThat(r.status()).isEqualTo(RefusedException.Status.FORBIDDEN);
                    assertThat(r.getMessage()).isEqualTo("denied: rotating the recording seal key needs the operator role");
                });
        assertThatThrownBy(() -> recordings.rotateSealKey(OPS, "  "))
                .isInstanceOfSatisfying(RefusedException.class,
                        r -> assertThat(r.getMessage()).isEqualTo("refused: rotating the recording seal key needs a reason"));
        assertThat(store.sealKeyId()).isEqualTo(before);
        assertThat(recordings.sealKeys()).hasSize(1);

        List<SealKey> keys = recordings.rotateSealKey(OPS, "yearly rotation");

        assertThat(keys).extracting(SealKey::id).containsExactly(before, store.sealKeyId());
        assertThat(keys.get(0).retired()).isNotNull();
        assertThat(keys.get(1).retired()).isNull();
        assertThat(store.sealKeyId()).isNotEqualTo(before);
        List<AuditEvent> rotations = audit.events().stream().filter(e -> e.action().equals("recording.key-rotate")).toList();
        assertThat(rotations).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.REFUSED,
                AuditEvent.Outcome.REFUSED, AuditEvent.Outcome.ALLOWED);
        assertThat(rotations.get(2).details()).containsEntry("retired", before)
                .containsEntry("current", store.sealKeyId()).containsEntry("reason", "yearly rotation");
    }

    @Test
    void withoutAnAuditLogTheSealKeyIsNotRotated() {
        String before = store.sealKeyId();
        audit.failing();
        assertThatThrownBy(() -> recordings.rotateSealKey(OPS, "yearly rotation"))
                .isInstanceOfSatisfying(RefusedException.class,
                        r -> assertThat(r.status()).isEqualTo(RefusedException.Status.UNAVAILABLE));
        assertThat(store.sealKeyId()).isEqualTo(before);
        assertThat(recordings.sealKeys()).hasSize(1);
    }

    @Test
    void recordingsSealedBeforeAndAfterARotationVerifyWithThePublishedKeys() throws Exception {
        String oldKey = store.sealKeyId();
        RecordingHeader staleHeader = new RecordingHeader("s-a9", "g-1", List.of("tanaka"), "sato", "medserve", "CT-01",
                "hosp-a", "node-1", "status", List.of(), null, oldKey);
        SessionRecording openBefore = store.open(new RecordingHeader("s-a8", "g-1", List.of("tanaka"), "sato",
                "medserve", "CT-01", "hosp-a", "node-1", "status", List.of(), null, oldKey));

        recordings.rotateSealKey(OPS, "yearly rotation");
        // A header built before the rotation is stamped with the key that will really seal it.
        SessionRecording openAfter = store.open(staleHeader);
        openBefore.close("exit");
        openAfter.close("exit");

        String newKey = store.sealKeyId();
        assertThat(verify("hosp-a/s-a1.jsonl").message()).isEqualTo("ok: 6 lines, chain intact, sealed by " + oldKey);
        assertThat(verify("hosp-a/s-a8.jsonl").message()).endsWith("sealed by " + oldKey);
        assertThat(verify("hosp-a/s-a9.jsonl").message()).endsWith("sealed by " + newKey);
        assertThat(Files.readAllLines(dir.resolve("hosp-a/s-a9.jsonl")).get(0)).contains("\"sealKey\":\"" + newKey + "\"");
    }

    @Test
    void aSealUnderAKeyTheBrokerNeverPublishedIsReportedAsUnknown() throws Exception {
        KeyPair stranger = Ed25519Keys.generate();
        RecordingChain chain = new RecordingChain(new RecordingHeader("s-x1", "g-1", List.of("tanaka"), "sato", "medserve",
                "CT-01", "hosp-a", "node-1", "status", List.of(), null, KeyIds.of(stranger.getPublic())), T0);
        Files.write(dir.resolve("hosp-a/s-x1.jsonl"), List.of(chain.headerLine(), chain.end("exit", 1),
                chain.seal(stranger.getPrivate(), 2)), StandardCharsets.UTF_8);
        recordings.rotateSealKey(OPS, "yearly rotation");

        VerificationReport report = verify("hosp-a/s-x1.jsonl");

        assertThat(report.message()).isEqualTo("intact: 3 lines, but seal key " + KeyIds.of(stranger.getPublic())
                + " is not known, so the seal was not checked");
        assertThat(report.sealed()).isFalse();
    }

    /** Verifies as an auditor would: with the keys the broker publishes, parsed from their PEM. */
    private VerificationReport verify(String file) throws Exception {
        List<PublicKey> published = new ArrayList<>();
        for (SealKey key : recordings.sealKeys()) {
            published.add(Pem.parsePublicKey(key.publicKeyPem(), key.id()));
        }
        return new RecordingVerifier().verify(dir.resolve(file),
                kid -> published.stream().filter(k -> KeyIds.of(k).equals(kid)).findFirst());
    }
}
