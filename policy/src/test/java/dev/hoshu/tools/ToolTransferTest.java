package dev.hoshu.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class ToolTransferTest {

    private static final String MANIFEST = """
            {"name":"logcollect","version":"1.1.0","entrypoint":"bin/logcollect",
             "files":[{"path":"bin/logcollect","sha256Hex":"00"}],"timeLimitSeconds":60,
             "needsTerminal":false,"touchesPatientData":false,
             "transfers":[%s]}""";

    @Test
    void manifestNamesItsTransferFolders() {
        ToolManifest manifest = ToolManifest.parse(MANIFEST.formatted(
                "{\"name\":\"logs\",\"path\":\"var/log/ct\",\"direction\":\"download\",\"patientData\":false}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("var/log/ct", manifest.transfer("logs").orElseThrow().path());
        assertTrue(manifest.transfer("logs").orElseThrow().downloads());
        assertFalse(manifest.transfer("packages").isPresent());
    }

    @Test
    void foldersOutsideTheDeviceFilesOrMalformedAreRefused() {
        for (String hostile : new String[] {
                "{\"name\":\"logs\",\"path\":\"../etc\",\"direction\":\"download\",\"patientData\":false}",
                "{\"name\":\"logs\",\"path\":\"/etc\",\"direction\":\"download\",\"patientData\":false}",
                "{\"name\":\"logs\",\"path\":\"var/log\",\"direction\":\"both\",\"patientData\":false}",
                "{\"name\":\"../x\",\"path\":\"var/log\",\"direction\":\"download\",\"patientData\":false}",
                "{\"name\":\"logs\",\"path\":\"a\",\"direction\":\"download\",\"patientData\":false},"
                        + "{\"name\":\"logs\",\"path\":\"b\",\"direction\":\"upload\",\"patientData\":false}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ToolManifest.parse(MANIFEST.formatted(hostile).getBytes(StandardCharsets.UTF_8)), hostile);
            assertTrue(e.getMessage().startsWith("manifest is not valid: "), e.getMessage());
        }
    }

    @Test
    void aManifestWithoutFoldersIsWrittenAsBefore() {
        ToolManifest manifest = ToolManifest.parse(MANIFEST.replace(",\n \"transfers\":[%s]", "")
                .getBytes(StandardCharsets.UTF_8));
        assertFalse(new String(manifest.toJson(), StandardCharsets.UTF_8).contains("transfers"));
    }

    @Test
    void packageSignatureVerifiesOnlyTheSignedBytesWithATrustedKey() throws ToolRefusedException {
        KeyPair manufacturer = Ed25519Keys.generate();
        TrustedKeys trust = TrustedKeys.of(manufacturer.getPublic());
        byte[] firmware = "firmware 2.1".getBytes(StandardCharsets.UTF_8);
        byte[] signature = PackageSignature.sign(firmware, manufacturer.getPrivate()).getBytes(StandardCharsets.US_ASCII);
        assertEquals(KeyIds.of(manufacturer.getPublic()),
                PackageSignature.verify("package 'fw'", firmware, signature, trust));
        ToolRefusedException changed = assertThrows(ToolRefusedException.class,
                () -> PackageSignature.verify("package 'fw'", "firmware 2.2".getBytes(), signature, trust));
        assertTrue(changed.getMessage().startsWith("refused: package 'fw' signature does not verify"));
        byte[] foreign = PackageSignature.sign(firmware, Ed25519Keys.generate().getPrivate()).getBytes();
        assertTrue(assertThrows(ToolRefusedException.class,
                () -> PackageSignature.verify("package 'fw'", firmware, foreign, trust)).getMessage()
                .contains("untrusted key"));
        assertTrue(assertThrows(ToolRefusedException.class,
                () -> PackageSignature.verify("package 'fw'", firmware, "not a jws".getBytes(), trust)).getMessage()
                .contains("not a detached JWS"));
    }
}
