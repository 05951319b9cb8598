package dev.hoshu.cli.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.ToolFile;
import dev.hoshu.tools.ToolManifest;
import dev.hoshu.tools.ToolVerifier;
import dev.hoshu.tools.TrustedKeys;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoshu tools sign --key-store F.p12 --key-alias A} with a key store made by the JDK's own keytool. */
class SignWithKeyStoreTest {

    @TempDir
    Path root;

    private Path store;
    private Path tool;

    @BeforeEach
    void manufacturerKeyStoreAndTool() throws Exception {
        store = root.resolve("acme.p12");
        keytool("-genkeypair", "-keyalg", "Ed25519", "-alias", "tools", "-dname", "CN=Acme tools", "-validity", "30");
        keytool("-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "tls", "-dname", "CN=Acme tls",
                "-validity", "30");
        tool = Files.createDirectories(root.resolve("tools/status/bin")).getParent();
        Files.writeString(tool.resolve("bin/status"), "#!/bin/sh\necho ok\n");
        ToolManifest manifest = new ToolManifest("status", "1.0.0", "Acme", List.of("CT-9000"), "bin/status",
                List.of(new ToolFile("bin/status", "0".repeat(64))), null, 60, false, false, "VR-1", List.of());
        Files.write(tool.resolve("manifest.json"), manifest.toJson());
    }

    private void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "s3cret-store"));
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
    }

    private Run sign(String password, String alias) {
        return Run.of(new SignToolCommand(new ByteArrayInputStream(password.getBytes(StandardCharsets.UTF_8))),
                "--key-store", store.toString(), "--key-alias", alias, "--update-hashes", tool.toString());
    }

    @Test
    void theKeyStoreKeySignsAndTheDeviceVerifiesWithItsCertificateKey() throws Exception {
        Run sign = sign("s3cret-store\n", "tools");

        assertEquals(0, sign.status(), sign.err());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            keys.load(in, "s3cret-store".toCharArray());
        }
        PublicKey published = keys.getCertificate("tools").getPublicKey();
        assertEquals("signed status with " + KeyIds.of(published), sign.out());
        assertEquals(KeyIds.of(published), new ToolVerifier().verify(tool, TrustedKeys.of(published)).signedBy());
    }

    @Test
    void aWrongPasswordIsOneLineAndNothingIsSigned() {
        Run sign = sign("guess\n", "tools");

        assertEquals(1, sign.status());
        assertEquals("refused: cannot sign " + tool + ": cannot open key store acme.p12 (wrong password, or not a "
                + "PKCS#12 file)", sign.err());
        assertFalse(Files.exists(tool.resolve(ToolVerifier.SIGNATURE)));
    }

    @Test
    void noPasswordOnStdinIsRefused() {
        Run sign = sign("", "tools");

        assertEquals(1, sign.status());
        assertTrue(sign.err().endsWith("--key-store needs its password as the first line of stdin"), sign.err());
    }

    @Test
    void anRsaKeyOrAMissingAliasIsRefused() {
        Run rsa = sign("s3cret-store\n", "tls");
        assertEquals(1, rsa.status());
        assertTrue(rsa.err().endsWith("key 'tls' in acme.p12 is RSA; tools are signed with Ed25519 only"), rsa.err());

        Run missing = sign("s3cret-store\n", "nobody");
        assertEquals(1, missing.status());
        assertTrue(missing.err().endsWith("key store acme.p12 holds no private key under alias 'nobody'"), missing.err());
        assertFalse(Files.exists(tool.resolve(ToolVerifier.SIGNATURE)));
    }

    @Test
    void aPemKeyAndAKeyStoreTogetherAreAUsageError() {
        Run both = Run.of(new SignToolCommand(new ByteArrayInputStream(new byte[0])), "--key", "a.pem",
                "--key-store", store.toString(), "--key-alias", "tools", tool.toString());
        assertEquals(2, both.status(), both.err());
    }
}
