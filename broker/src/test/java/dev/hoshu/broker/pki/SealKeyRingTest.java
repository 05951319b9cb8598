package dev.hoshu.broker.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seal key ring on disk: rotation, restarts, a crash mid-rotation, and files that must not be trusted. */
class SealKeyRingTest {

    private static final Clock T0 = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);
    private static final Clock T1 = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path pki;

    @Test
    void aRotationRetiresTheOldKeyAndKeepsItsPublicHalfAcrossRestarts() throws Exception {
        SealKeyRing first = SealKeyRing.openOrCreate(pki, T0);
        String oldId = first.currentId();
        SealKeyRing nextDay = SealKeyRing.openOrCreate(pki, T1);
        SealKeyRing.PublishedKey added = nextDay.rotate(next -> { });

        SealKeyRing reopened = SealKeyRing.openOrCreate(pki, T1);

        assertThat(reopened.currentId()).isEqualTo(added.id()).isNotEqualTo(oldId);
        assertThat(reopened.current().getPrivate()).isEqualTo(nextDay.current().getPrivate());
        assertThat(reopened.published()).extracting(SealKeyRing.PublishedKey::id).containsExactly(oldId, added.id());
        assertThat(reopened.published().get(0).retired()).isEqualTo(T1.instant());
        assertThat(reopened.published().get(1).retired()).isNull();
        assertThat(reopened.published().get(1).since()).isEqualTo(T1.instant());
        assertThat(Files.readString(pki.resolve(SealKeyRing.PUBLISHED_FILE))).doesNotContain("PRIVATE");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve(SealKeyRing.PRIVATE_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void aRefusedAuditLeavesTheKeyAsItWas() throws Exception {
        SealKeyRing ring = SealKeyRing.openOrCreate(pki, T0);
        String before = ring.currentId();
        String listBefore = Files.readString(pki.resolve(SealKeyRing.PUBLISHED_FILE));

        assertThatThrownBy(() -> ring.rotate(next -> {
            throw new IllegalStateException("audit log unavailable");
        })).hasMessage("audit log unavailable");

        assertThat(ring.currentId()).isEqualTo(before);
        assertThat(ring.published()).hasSize(1);
        assertThat(Files.readString(pki.resolve(SealKeyRing.PUBLISHED_FILE))).isEqualTo(listBefore);
        assertThat(SealKeyRing.openOrCreate(pki, T0).currentId()).isEqualTo(before);
    }

    @Test
    void aCrashBetweenPublishingAndWritingTheNewKeyKeepsTheOldKeySealing() throws Exception {
        SealKeyRing ring = SealKeyRing.openOrCreate(pki, T0);
        String oldId = ring.currentId();
        String oldPrivate = Files.readString(pki.resolve(SealKeyRing.PRIVATE_FILE));
        ring.rotate(next -> { });
        String orphan = ring.currentId();
        // As if the broker died after publishing the new key but before its private half was written.
        Files.writeString(pki.resolve(SealKeyRing.PRIVATE_FILE), oldPrivate);

        SealKeyRing reopened = SealKeyRing.openOrCreate(pki, T1);

        assertThat(reopened.currentId()).isEqualTo(oldId);
        assertThat(reopened.published()).extracting(SealKeyRing.PublishedKey::id).containsExactly(orphan, oldId);
        assertThat(reopened.published().get(0).retired()).isNotNull();
        assertThat(reopened.published().get(1).retired()).isNull();
    }

    @Test
    void aBrokerFromBeforeRotationPublishesTheKeyItHas() throws Exception {
        SealKeyRing ring = SealKeyRing.openOrCreate(pki, T0);
        String id = ring.currentId();
        Files.delete(pki.resolve(SealKeyRing.PUBLISHED_FILE));

        SealKeyRing reopened = SealKeyRing.openOrCreate(pki, T1);

        assertThat(reopened.published()).extracting(SealKeyRing.PublishedKey::id).containsExactly(id);
        assertThat(Pem.parsePublicKey(reopened.published().get(0).publicKey(), "test"))
                .isEqualTo(ring.current().getPublic());
    }

    @Test
    void anUnreadableOrForgedKeyListStopsTheBroker() throws Exception {
        SealKeyRing ring = SealKeyRing.openOrCreate(pki, T0);
        Path list = pki.resolve(SealKeyRing.PUBLISHED_FILE);
        String good = Files.readString(list);

        Files.writeString(list, "[{\"id\":");
        assertThatThrownBy(() -> SealKeyRing.openOrCreate(pki, T0)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("recording-seal-keys.json is unreadable");

        Files.writeString(list, good.replace(ring.currentId(), "sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assertThatThrownBy(() -> SealKeyRing.openOrCreate(pki, T0)).isInstanceOf(IOException.class)
                .hasMessageContaining("under the wrong id");
    }

    @Test
    void publishedIdsAreTheKeysOwn() throws Exception {
        SealKeyRing ring = SealKeyRing.openOrCreate(pki, T0);
        ring.rotate(next -> { });
        for (SealKeyRing.PublishedKey key : ring.published()) {
            assertThat(KeyIds.of(Pem.parsePublicKey(key.publicKey(), key.id()))).isEqualTo(key.id());
        }
        assertThat(List.copyOf(ring.published())).hasSize(2);
    }
}
