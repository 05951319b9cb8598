package dev.hoshu.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Actor;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Actor DEMO_MFR = new Actor("sato", "hoshu-demo-mfr", Set.of("manufacturer"), "佐藤");
    private static final Actor OTHER_MFR = new Actor("kim", "other-mfr", Set.of("manufacturer"), "Kim");
    private static final Actor OPS = new Actor("ops", "hoshu-platform", Set.of("operator"), "運用");
    private static final Actor ENGINEER = new Actor("tanaka", "hoshu-demo-mfr", Set.of("engineer"), "田中");

    private final KeyPair key = Ed25519Keys.generate();

    private static List<ToolFile> files(String name) {
        return List.of(new ToolFile("bin/" + name, Sha256.hex(ToolFixture.SCRIPT)));
    }

    private SignedManifest signed(String name) throws ToolRefusedException {
        byte[] manifest = ToolFixture.manifest(name, files(name)).toJson();
        String jws = ManifestSigner.sign(manifest, key.getPrivate(), key.getPublic());
        return new ToolVerifier().verifyManifest(manifest, jws, TrustedKeys.of(key.getPublic()));
    }

    private CatalogEntry entry(String name) throws ToolRefusedException {
        return CatalogEntry.published(signed(name), "hoshu-demo-mfr", "sato", NOW);
    }

    @Test
    void aManufacturerPublishesANewVersionButNotTheSameOneTwice() throws Exception {
        SignedManifest status = signed("status");
        assertEquals(Optional.empty(), CatalogRules.publishRefusal(DEMO_MFR, status, List.of()));
        assertEquals(Optional.of("refused: tool 'status' version 1.0.0 is already published; publish a new version"),
                CatalogRules.publishRefusal(OPS, status, List.of(entry("status"))));
        assertEquals(Optional.of("denied: publishing a tool needs the manufacturer or operator role"),
                CatalogRules.publishRefusal(ENGINEER, status, List.of()));
    }

    @Test
    void theCatalogKeepsTheSigningKeyOfAPublishedVersion() throws Exception {
        assertEquals(KeyIds.of(key.getPublic()), entry("status").keyId());
    }

    @Test
    void aManifestSignedByAnUnknownKeyIsNotPublishable() {
        byte[] manifest = ToolFixture.manifest("status", files("status")).toJson();
        String jws = ManifestSigner.sign(manifest, key.getPrivate(), key.getPublic());
        ToolRefusedException refused = assertThrows(ToolRefusedException.class, () -> new ToolVerifier()
                .verifyManifest(manifest, jws, TrustedKeys.of(Ed25519Keys.generate().getPublic())));
        assertTrue(refused.getMessage().startsWith("refused: uploaded tool is signed by an untrusted key"), refused.getMessage());
        byte[] changed = ToolFixture.manifest("status2", files("status2")).toJson();
        assertThrows(ToolRefusedException.class,
                () -> new ToolVerifier().verifyManifest(changed, jws, TrustedKeys.of(key.getPublic())));
    }

    @Test
    void onlyTheOperatorOrThePublishingManufacturerRevokes() throws Exception {
        Optional<CatalogEntry> status = Optional.of(entry("status"));
        assertEquals(Optional.empty(), CatalogRules.revokeRefusal(DEMO_MFR, status, "status", "1.0.0", "CVE"));
        assertEquals(Optional.empty(), CatalogRules.revokeRefusal(OPS, status, "status", "1.0.0", "CVE"));
        assertEquals(Optional.of("refused: no published tool 'status' version '1.0.0'"),
                CatalogRules.revokeRefusal(OTHER_MFR, status, "status", "1.0.0", "CVE"));
        assertEquals(Optional.of("denied: revoking a tool needs the manufacturer or operator role"),
                CatalogRules.revokeRefusal(ENGINEER, status, "status", "1.0.0", "CVE"));
        assertEquals(Optional.of("refused: revoking a tool needs a reason (--reason)"),
                CatalogRules.revokeRefusal(OPS, status, "status", "1.0.0", " "));
        assertEquals(Optional.of("refused: no published tool 'status' version '9.9'"),
                CatalogRules.revokeRefusal(OPS, Optional.empty(), "status", "9.9", "CVE"));
    }

    @Test
    void aRevokedVersionIsListedForItsToolOnlyAndCannotBeRevokedTwice() throws Exception {
        CatalogEntry revoked = entry("status").revokedBy("ops", "CVE-2026-1", NOW);
        List<CatalogEntry> catalog = List.of(revoked, entry("logcollect"));
        assertEquals(List.of("1.0.0"), CatalogRules.revokedVersions(catalog, "status"));
        assertEquals(List.of(), CatalogRules.revokedVersions(catalog, "logcollect"));
        assertEquals(Optional.of("refused: tool 'status' version 1.0.0 was already revoked by ops"),
                CatalogRules.revokeRefusal(OPS, Optional.of(revoked), "status", "1.0.0", "again"));
    }

    @Test
    void aReasonIsStoredAsOneShortPrintableLine() {
        String line = CatalogRules.reasonLine("bad\nbuild " + "x".repeat(600));
        assertTrue(line.length() <= 500 && !line.contains("\n"), line);
    }
}
