package dev.hoshu.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolVerifierTest {

    private static final KeyPair MANUFACTURER = Ed25519Keys.generate();
    private static final TrustedKeys TRUST = TrustedKeys.of(MANUFACTURER.getPublic());
    private static final String SCRIPT_HASH = Sha256.hex(ToolFixture.SCRIPT);

    @TempDir
    Path root;

    private final ToolVerifier verifier = new ToolVerifier();

    private String refusal(Path dir) {
        return assertThrows(ToolRefusedException.class, () -> verifier.verify(dir, TRUST)).getMessage();
    }

    @Test
    void goodToolVerifies() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER);
        VerifiedTool tool = verifier.verify(dir, TRUST);
        assertEquals("status", tool.manifest().name());
        assertEquals(dir.toRealPath().resolve("bin/status"), tool.entrypoint());
        assertEquals(ToolManifest.DEFAULT_ARG_PATTERN, tool.manifest().argPattern());
        assertEquals(KeyIds.of(MANUFACTURER.getPublic()), tool.signedBy());
    }

    @Test
    void changedFileByteIsRefusedNamingTheFile() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER);
        byte[] changed = ToolFixture.SCRIPT.clone();
        changed[changed.length - 2] ^= 1;
        Files.write(dir.resolve("bin/status"), changed);
        String actual = Sha256.hex(changed);
        assertEquals("refused: tool 'status' file bin/status changed since signing (sha256 " + actual.substring(0, 12)
                + "… != " + SCRIPT_HASH.substring(0, 12) + "…)", refusal(dir));
    }

    @Test
    void unknownToolIsRefused() {
        assertEquals("refused: unknown tool 'nothere'", refusal(root.resolve("nothere")));
    }

    @Test
    void unsignedToolIsRefused() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER);
        Files.delete(dir.resolve(ToolVerifier.SIGNATURE));
        assertEquals("refused: tool 'status' is not signed (no manifest.json.jws)", refusal(dir));
    }

    @Test
    void fileAddedToTheDirectoryButNotSignedIsRefused() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER);
        Files.writeString(dir.resolve("bin/helper.sh"), "reboot\n");
        assertEquals("refused: tool 'status' has unsigned file 'bin/helper.sh'", refusal(dir));
    }

    @Test
    void signedFileEntryWithoutTheFileIsRefused() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER, List.of(
                new ToolFile("bin/status", SCRIPT_HASH), new ToolFile("lib/table.dat", SCRIPT_HASH)));
        assertEquals("refused: tool 'status' file lib/table.dat is missing", refusal(dir));
    }

    @Test
    void manifestEntryAddedAfterSigningIsRefused() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER);
        byte[] widened = ToolFixture.manifest("status", List.of(new ToolFile("bin/status", SCRIPT_HASH),
                new ToolFile("bin/extra", SCRIPT_HASH))).toJson();
        Files.write(dir.resolve(ToolVerifier.MANIFEST), widened);
        assertEquals("refused: tool 'status' manifest signature does not verify "
                + "(manifest or signature changed since signing)", refusal(dir));
    }

    @Test
    void manifestEntryRemovedAfterSigningIsRefused() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER, List.of(
                new ToolFile("bin/status", SCRIPT_HASH), new ToolFile("bin/status2", SCRIPT_HASH)));
        Files.write(dir.resolve("bin/status2"), ToolFixture.SCRIPT);
        verifier.verify(dir, TRUST);
        Files.write(dir.resolve(ToolVerifier.MANIFEST),
                ToolFixture.manifest("status", List.of(new ToolFile("bin/status", SCRIPT_HASH))).toJson());
        assertTrue(refusal(dir).startsWith("refused: tool 'status' manifest signature does not verify"));
    }

    @Test
    void tamperedManifestByteIsRefused() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER);
        String json = Files.readString(dir.resolve(ToolVerifier.MANIFEST));
        Files.writeString(dir.resolve(ToolVerifier.MANIFEST), json.replace("\"timeLimitSeconds\" : 60",
                "\"timeLimitSeconds\" : 99"));
        assertTrue(refusal(dir).startsWith("refused: tool 'status' manifest signature does not verify"));
    }

    @Test
    void tamperedSignatureIsRefused() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER);
        String jws = Files.readString(dir.resolve(ToolVerifier.SIGNATURE));
        char last = jws.charAt(jws.length() - 5);
        Files.writeString(dir.resolve(ToolVerifier.SIGNATURE),
                jws.substring(0, jws.length() - 5) + (last == 'A' ? 'B' : 'A') + jws.substring(jws.length() - 4));
        assertTrue(refusal(dir).startsWith("refused: tool 'status' manifest signature does not verify"));
    }

    @Test
    void signatureByAnUntrustedKeyIsRefusedNamingTheKey() throws Exception {
        KeyPair stranger = Ed25519Keys.generate();
        Path dir = ToolFixture.write(root, "status", stranger);
        assertEquals("refused: tool 'status' is signed by an untrusted key " + KeyIds.of(stranger.getPublic()),
                refusal(dir));
    }

    @Test
    void forgedKidOfTrustedKeyWithStrangersSignatureIsRefused() throws Exception {
        KeyPair stranger = Ed25519Keys.generate();
        Path dir = ToolFixture.write(root, "status", stranger);
        String jws = Files.readString(dir.resolve(ToolVerifier.SIGNATURE));
        String forgedHeader = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"alg\":\"EdDSA\",\"kid\":\"" + KeyIds.of(MANUFACTURER.getPublic()) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(ToolVerifier.SIGNATURE), forgedHeader + jws.substring(jws.indexOf("..")));
        assertTrue(refusal(dir).startsWith("refused: tool 'status' manifest signature does not verify"));
    }

    @Test
    void algNoneIsRefused() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER);
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"kid\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(ToolVerifier.SIGNATURE), header + "..AAAA");
        assertEquals("refused: tool 'status' signature uses alg 'none'; only EdDSA is accepted", refusal(dir));
    }

    @Test
    void garbageSignatureFileIsRefused() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER);
        Files.writeString(dir.resolve(ToolVerifier.SIGNATURE), "not a jws; rm -rf /");
        assertEquals("refused: tool 'status' signature is not a detached JWS (header..signature)", refusal(dir));
    }

    @Test
    void traversalPathIsRefused() throws Exception {
        Files.write(root.resolve("x"), ToolFixture.SCRIPT);
        Path dir = ToolFixture.write(root, "status", MANUFACTURER, List.of(
                new ToolFile("bin/status", SCRIPT_HASH), new ToolFile("../x", SCRIPT_HASH)));
        assertEquals("refused: tool 'status' lists file '../x' outside its directory", refusal(dir));
    }

    @Test
    void absolutePathIsRefused() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER, List.of(
                new ToolFile("bin/status", SCRIPT_HASH), new ToolFile("/etc/passwd", SCRIPT_HASH)));
        assertEquals("refused: tool 'status' lists file '/etc/passwd' outside its directory", refusal(dir));
    }

    @Test
    void symlinkEscapingTheDirectoryIsRefused() throws Exception {
        Path outside = Files.write(root.resolve("outside.sh"), ToolFixture.SCRIPT);
        Path dir = ToolFixture.write(root, "status", MANUFACTURER, List.of(
                new ToolFile("bin/status", SCRIPT_HASH), new ToolFile("bin/link", SCRIPT_HASH)));
        Files.createSymbolicLink(dir.resolve("bin/link"), outside);
        assertEquals("refused: tool 'status' file bin/link resolves outside the tool directory", refusal(dir));
    }

    @Test
    void nameMismatchIsRefused() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER);
        Path renamed = Files.move(dir, root.resolve("logcollect"));
        assertEquals("refused: tool directory 'logcollect' holds a manifest for 'status'", refusal(renamed));
    }

    @Test
    void entrypointMustBeSigned() throws Exception {
        Path dir = Files.createDirectories(root.resolve("status/bin"));
        Files.write(dir.resolve("status"), ToolFixture.SCRIPT);
        ToolManifest manifest = new ToolManifest("status", "1", "Acme", List.of(), "bin/other",
                List.of(new ToolFile("bin/status", SCRIPT_HASH)), null, 10, false, false, "VR", List.of());
        ToolFixture.sign(dir.getParent(), manifest.toJson(), MANUFACTURER);
        assertEquals("refused: tool 'status' entrypoint 'bin/other' is not one of its signed files",
                refusal(dir.getParent()));
    }

    @Test
    void signedButMalformedManifestIsRefusedInOneLine() throws Exception {
        Path dir = ToolFixture.write(root, "status", MANUFACTURER);
        ToolFixture.sign(dir, "{\"name\":\"status\",\"shell\":true}".getBytes(StandardCharsets.UTF_8), MANUFACTURER);
        String message = refusal(dir);
        assertTrue(message.startsWith("refused: tool 'status' manifest is not valid: "), message);
        assertTrue(!message.contains("\n"), message);
    }

    @Test
    void trustDirectoryLoadsEveryPublicKeyPem() throws IOException {
        Path trust = Files.createDirectories(root.resolve("trust"));
        Files.writeString(trust.resolve("acme.pem"), Pem.publicKeyPem(MANUFACTURER.getPublic()));
        Files.writeString(trust.resolve("notes.txt"), "ignored");
        TrustedKeys loaded = TrustedKeys.load(trust);
        assertEquals(MANUFACTURER.getPublic(), loaded.find(KeyIds.of(MANUFACTURER.getPublic())).orElseThrow());
        assertTrue(loaded.find("sha256:other").isEmpty());
    }

    @Test
    void brokenPemInTrustDirectoryFailsTheLoad() throws IOException {
        Path trust = Files.createDirectories(root.resolve("trust"));
        Files.writeString(trust.resolve("bad.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThrows(IOException.class, () -> TrustedKeys.load(trust));
    }
}
