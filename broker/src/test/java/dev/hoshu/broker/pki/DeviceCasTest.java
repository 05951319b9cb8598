package dev.hoshu.broker.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.tunnel.pki.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device-CA rotation's phases: what is trusted and what issues in each, order, restarts, retirement. */
class DeviceCasTest {

    private static final Runnable NOTHING = () -> { };

    @TempDir
    Path data;

    private DeviceCas open() throws Exception {
        return BrokerPki.openOrCreate(data.resolve("pki"), List.of("localhost"), "node-1", Clock.systemUTC())
                .deviceCas();
    }

    @Test
    void aRotationTrustsOneThenBothThenTheNewCaOnly() throws Exception {
        DeviceCas cas = open();
        X509Certificate old = cas.issuing().certificate();
        assertThat(cas.phase()).isEqualTo(RotationPhase.STEADY);
        assertThat(cas.trusted()).containsExactly(old);

        X509Certificate next = cas.prepare(NOTHING);
        assertThat(cas.phase()).isEqualTo(RotationPhase.PREPARED);
        assertThat(cas.trusted()).containsExactly(old, next);
        assertThat(cas.issuing().certificate()).as("the old CA issues until the switch").isEqualTo(old);
        cas.tunnel().chain().get(0).verify(old.getPublicKey());

        assertThat(cas.switchOver(NOTHING)).isEqualTo(next);
        assertThat(cas.phase()).isEqualTo(RotationPhase.SWITCHED);
        assertThat(cas.trusted()).containsExactly(next, old);
        assertThat(cas.issuing().certificate()).isEqualTo(next);
        cas.tunnel().chain().get(0).verify(next.getPublicKey());
        assertThat(cas.tunnel().chain()).endsWith(next);

        assertThat(cas.finish(NOTHING)).isEqualTo(old);
        assertThat(cas.phase()).isEqualTo(RotationPhase.STEADY);
        assertThat(cas.trusted()).containsExactly(next);
        assertThat(cas.retired()).containsExactly(old);
        assertThat(Files.exists(data.resolve("pki/device-ca-previous.key"))).as("the retired key is deleted").isFalse();
    }

    @Test
    void stepsOutOfOrderAreRefusedWithTheNextStepAndChangeNothing() throws Exception {
        DeviceCas cas = open();
        List<String> audited = new ArrayList<>();

        assertThatThrownBy(() -> cas.switchOver(() -> audited.add("switch")))
                .isInstanceOf(RotationRefusedException.class)
                .hasMessage("refused: ca rotate switch needs the rotation phase prepared, but it is steady; "
                        + "start one with: hoshu ca rotate prepare");
        assertThatThrownBy(() -> cas.finish(NOTHING)).hasMessageContaining("needs the rotation phase switched");
        cas.prepare(() -> audited.add("prepare"));
        assertThatThrownBy(() -> cas.prepare(NOTHING))
                .hasMessage("refused: ca rotate prepare needs the rotation phase steady, but it is prepared; "
                        + "once every agent renewed, go on with: hoshu ca rotate switch");
        assertThatThrownBy(() -> cas.finish(NOTHING)).hasMessageContaining("but it is prepared");

        assertThat(audited).containsExactly("prepare");
        assertThat(cas.phase()).isEqualTo(RotationPhase.PREPARED);
    }

    @Test
    void aStepWhoseAuditFailsDoesNotHappen() throws Exception {
        DeviceCas cas = open();
        X509Certificate old = cas.issuing().certificate();

        assertThatThrownBy(() -> cas.prepare(() -> {
            throw new IllegalStateException("audit log unavailable");
        })).hasMessage("audit log unavailable");

        assertThat(cas.phase()).isEqualTo(RotationPhase.STEADY);
        assertThat(cas.trusted()).containsExactly(old);
        assertThat(Files.exists(data.resolve("pki/device-ca-next.key"))).isFalse();
    }

    @Test
    void aRestartResumesThePhaseFromTheFiles() throws Exception {
        DeviceCas first = open();
        X509Certificate old = first.issuing().certificate();
        X509Certificate next = first.prepare(NOTHING);
        assertThat(open().trusted()).containsExactly(old, next);

        first.switchOver(NOTHING);
        DeviceCas restarted = open();
        assertThat(restarted.phase()).isEqualTo(RotationPhase.SWITCHED);
        assertThat(restarted.issuing().certificate()).isEqualTo(next);
        assertThat(restarted.tunnel().chain().get(0)).isEqualTo(first.tunnel().chain().get(0));

        restarted.finish(NOTHING);
        DeviceCas afterFinish = open();
        assertThat(afterFinish.trusted()).containsExactly(next);
        assertThat(afterFinish.retired()).containsExactly(old);
    }

    @Test
    void aSwitchInterruptedBetweenItsRenamesIsCompletedAtStart() throws Exception {
        DeviceCas cas = open();
        X509Certificate old = cas.issuing().certificate();
        X509Certificate next = cas.prepare(NOTHING);
        Path pki = data.resolve("pki");
        DeviceCa.rename(pki, DeviceCa.CURRENT, DeviceCas.PREVIOUS);

        DeviceCas restarted = open();

        assertThat(restarted.phase()).isEqualTo(RotationPhase.SWITCHED);
        assertThat(restarted.issuing().certificate()).isEqualTo(next);
        assertThat(restarted.trusted()).containsExactly(next, old);
    }

    @Test
    void theNewKeysAreOwnerOnlyAndBothNextAndPreviousIsRefusedAsDamaged() throws Exception {
        DeviceCas cas = open();
        cas.prepare(NOTHING);
        Path pki = data.resolve("pki");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve("device-ca-next.key"))))
                .isEqualTo("rw-------");
        X509Certificate stray = cas.next().orElseThrow();
        Files.copy(pki.resolve("device-ca-next.key"), pki.resolve("device-ca-previous.key"));
        PemFiles.writeCertificates(pki.resolve("device-ca-previous.crt"), List.of(stray));

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds both a next and a previous device CA");
    }
}
