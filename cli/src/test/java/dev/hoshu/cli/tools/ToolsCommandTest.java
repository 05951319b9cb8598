package dev.hoshu.cli.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.PackageSignature;
import dev.hoshu.tools.Pem;
import dev.hoshu.tools.ToolFile;
import dev.hoshu.tools.ToolManifest;
import dev.hoshu.tools.ToolRefusedException;
import dev.hoshu.tools.TrustedKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsCommandTest {

    @TempDir
    Path root;

    private Path key;
    private Path pub;
    private Path tool;

    @BeforeEach
    void manufacturerWithUnsignedTool() throws Exception {
        Run keygen = Run.of(new ToolsCommand(), "keygen", "--out", root.resolve("acme").toString());
        assertEquals(0, keygen.status(), keygen.err());
        key = root.resolve("acme.key");
        pub = root.resolve("acme.pub.pem");
        tool = Files.createDirectories(root.resolve("tools/status/bin")).getParent();
        Files.writeString(tool.resolve("bin/status"), "#!/bin/sh\necho ok\n");
        ToolManifest manifest = new ToolManifest("status", "1.0.0", "Acme", List.of("CT-9000"), "bin/status",
                List.of(new ToolFile("bin/status", "0".repeat(64))), null, 60, false, false, "VR-1", List.of());
        Files.write(tool.resolve("manifest.json"), manifest.toJson());
    }

    @Test
    void keygenWritesOwnerOnlyPrivateKeyAndNamesTheKeyId() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        String kid = KeyIds.of(Pem.readPublicKey(pub));
        assertTrue(kid.startsWith("sha256:"));
        Run again = Run.of(new ToolsCommand(), "keygen", "--out", root.resolve("acme").toString());
        assertEquals(1, again.status());
        assertEquals("refused: " + pub + " exists; keys are never overwritten", again.err());
    }

    @Test
    void signWithUpdatedHashesThenVerifyAsTheDeviceWould() throws Exception {
        Run sign = Run.of(new ToolsCommand(), "sign", "--key", key.toString(), "--update-hashes", tool.toString());
        String kid = KeyIds.of(Pem.readPublicKey(pub));
        assertEquals(0, sign.status(), sign.err());
        assertEquals("signed status with " + kid, sign.out());

        Run verify = Run.of(new ToolsCommand(), "verify", "--trust", pub.toString(), tool.toString());
        assertEquals(0, verify.status(), verify.err());
        assertEquals("ok: tool status 1.0.0 signed by " + kid, verify.out());

        Files.copy(pub, Files.createDirectories(root.resolve("trust")).resolve("acme.pem"));
        assertEquals(0, Run.of(new ToolsCommand(), "verify", "--trust", root.resolve("trust").toString(),
                tool.toString()).status());
    }

    @Test
    void aSignedPackageVerifiesAsTheDeviceSideWouldAndAChangedOneDoesNot() throws Exception {
        Path pkg = Files.writeString(root.resolve("fw-2.2.tar"), "firmware 2.2\n");
        Run sign = Run.of(new ToolsCommand(), "sign-package", "--key", key.toString(), pkg.toString());
        String kid = KeyIds.of(Pem.readPublicKey(pub));
        assertEquals(0, sign.status(), sign.err());
        assertEquals("signed fw-2.2.tar with " + kid + ": fw-2.2.tar.jws goes beside it", sign.out());

        byte[] signature = Files.readAllBytes(root.resolve("fw-2.2.tar.jws"));
        TrustedKeys trust = TrustedKeys.of(Pem.readPublicKey(pub));
        assertEquals(kid, PackageSignature.verify("package 'fw-2.2.tar'", Files.readAllBytes(pkg), signature, trust));
        ToolRefusedException changed = assertThrows(ToolRefusedException.class, () -> PackageSignature.verify(
                "package 'fw-2.2.tar'", "firmware 2.3\n".getBytes(), signature, trust));
        assertTrue(changed.getMessage().contains("signature does not verify"), changed.getMessage());
    }

    @Test
    void signPackageRefusesAFolderAMissingFileAndAPublicKeyInOneLine() throws Exception {
        Run folder = Run.of(new ToolsCommand(), "sign-package", "--key", key.toString(), tool.toString());
        assertEquals(1, folder.status());
        assertEquals("refused: cannot sign " + tool + ": it is not a regular file", folder.err());
        assertTrue(Files.notExists(root.resolve("tools/status.jws")));

        Run missing = Run.of(new ToolsCommand(), "sign-package", "--key", key.toString(), root.resolve("nope").toString());
        assertEquals(1, missing.status());
        assertEquals(1, missing.err().lines().count(), missing.err());

        Path pkg = Files.writeString(root.resolve("fw.tar"), "x");
        Run publicKey = Run.of(new ToolsCommand(), "sign-package", "--key", pub.toString(), pkg.toString());
        assertEquals(1, publicKey.status());
        assertTrue(publicKey.err().startsWith("refused: cannot sign " + pkg + ": "), publicKey.err());
        assertEquals(1, publicKey.err().lines().count(), publicKey.err());
        assertTrue(Files.notExists(root.resolve("fw.tar.jws")), "no signature is written for a refused package");
    }

    @Test
    void signWithStaleHashesIsReportedBeforeShipping() {
        Run sign = Run.of(new ToolsCommand(), "sign", "--key", key.toString(), tool.toString());
        assertEquals(1, sign.status());
        assertTrue(sign.err().startsWith("signed, but a device would refuse it: refused: tool 'status' file "
                + "bin/status changed since signing"), sign.err());
    }

    @Test
    void verifyRefusesAChangedFileInOneLine() throws Exception {
        assertEquals(0, Run.of(new ToolsCommand(), "sign", "--key", key.toString(), "--update-hashes",
                tool.toString()).status());
        Files.writeString(tool.resolve("bin/status"), "#!/bin/sh\nreboot\n");
        Run verify = Run.of(new ToolsCommand(), "verify", "--trust", pub.toString(), tool.toString());
        assertEquals(1, verify.status());
        assertTrue(verify.err().matches("refused: tool 'status' file bin/status changed since signing \\(sha256 "
                + "[0-9a-f]{12}… != [0-9a-f]{12}…\\)"), verify.err());
    }

    @Test
    void verifyRefusesAToolSignedByAnotherManufacturer() throws Exception {
        assertEquals(0, Run.of(new ToolsCommand(), "keygen", "--out", root.resolve("other").toString()).status());
        assertEquals(0, Run.of(new ToolsCommand(), "sign", "--key", root.resolve("other.key").toString(),
                "--update-hashes", tool.toString()).status());
        Run verify = Run.of(new ToolsCommand(), "verify", "--trust", pub.toString(), tool.toString());
        assertEquals(1, verify.status());
        assertEquals("refused: tool 'status' is signed by an untrusted key "
                + KeyIds.of(Pem.readPublicKey(root.resolve("other.pub.pem"))), verify.err());
    }

    @Test
    void updateHashesRefusesAPathOutsideTheTool() throws Exception {
        ToolManifest escaping = new ToolManifest("status", "1.0.0", "Acme", List.of(), "bin/status",
                List.of(new ToolFile("bin/status", "0"), new ToolFile("../../acme.key", "0")), null, 60, false,
                false, "VR-1", List.of());
        Files.write(tool.resolve("manifest.json"), escaping.toJson());
        Run sign = Run.of(new ToolsCommand(), "sign", "--key", key.toString(), "--update-hashes", tool.toString());
        assertEquals(1, sign.status());
        assertEquals("refused: cannot sign " + tool + ": file ../../acme.key is not a regular file inside " + tool,
                sign.err());
    }

    @Test
    void signWithAPublicKeyInsteadOfAPrivateOneIsOneLine() {
        Run sign = Run.of(new ToolsCommand(), "sign", "--key", pub.toString(), tool.toString());
        assertEquals(1, sign.status());
        assertEquals("refused: cannot sign " + tool + ": " + pub + ": no PEM PRIVATE KEY block", sign.err());
    }
}
