package dev.hoshu.broker.access;

import static dev.hoshu.broker.access.Actors.KATO;
import static dev.hoshu.broker.access.Actors.SATO;
import static dev.hoshu.broker.access.Actors.SUZUKI;
import static dev.hoshu.broker.access.Actors.TANAKA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.SealKey;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingsTest {

    @TempDir
    Path dir;

    KeyPair seal = Ed25519Keys.generate();

    private Recordings recordings() throws Exception {
        Files.createDirectories(dir.resolve("hosp-a"));
        Files.writeString(dir.resolve("hosp-a/s-abc.jsonl"), "{}\n");
        Files.writeString(dir.resolve("secret.jsonl"), "{}\n");
        return new Recordings(new RecordingStore(dir, seal, "node-1"));
    }

    @Test
    void auditorsAndApproversOfTheHospitalGetTheFile() throws Exception {
        Recordings recordings = recordings();
        assertThat(recordings.recording(SUZUKI, "s-abc")).isEqualTo(dir.resolve("hosp-a/s-abc.jsonl"));
        assertThat(recordings.recording(TANAKA, "s-abc")).isEqualTo(dir.resolve("hosp-a/s-abc.jsonl"));
    }

    @Test
    void otherHospitalsAndEngineersAreRefused() throws Exception {
        Recordings recordings = recordings();
        assertThatThrownBy(() -> recordings.recording(KATO, "s-abc"))
                .isInstanceOfSatisfying(RefusedException.class, r -> {
                    assertThat(r.status()).isEqualTo(RefusedException.Status.FORBIDDEN);
                    assertThat(r.getMessage()).isEqualTo("denied: the recording of s-abc belongs to hosp-a, not hosp-b");
                });
        assertThatThrownBy(() -> recordings.recording(SATO, "s-abc"))
                .hasMessage("denied: reading a recording needs the auditor or approver role");
    }

    @Test
    void traversalAndUnknownIdsAreNotFound() throws Exception {
        Recordings recordings = recordings();
        for (String hostile : List.of("../secret", "../hosp-a/s-abc", "/etc/passwd", "s-nope", "s-abc\n", "")) {
            assertThatThrownBy(() -> recordings.recording(SUZUKI, hostile))
                    .isInstanceOfSatisfying(RefusedException.class,
                            r -> assertThat(r.status()).isEqualTo(RefusedException.Status.NOT_FOUND));
        }
    }

    @Test
    void sealKeysArePublishedAsPem() throws Exception {
        SealKey key = recordings().sealKeys().get(0);
        assertThat(key.id()).isEqualTo(KeyIds.of(seal.getPublic()));
        assertThat(Pem.parsePublicKey(key.publicKeyPem(), "test")).isEqualTo(seal.getPublic());
        assertThat(key.publicKeyPem()).doesNotContain("PRIVATE");
    }
}
