package dev.hoshu.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportVerifierTest {

    private final KeyPair key = Ed25519Keys.generate();
    private final byte[] report = ReportJson.bytes(sample());

    @Test
    void aSignedReportVerifiesWithTheBrokersKey() {
        byte[] signature = ReportSignature.sign(report, key).fileBytes();

        ReportVerifier.Result result = ReportVerifier.verify(report, signature, key.getPublic());

        assertTrue(result.valid(), result.message());
        assertEquals("ok: signed by " + KeyIds.of(key.getPublic()), result.message());
    }

    @Test
    void everyChangedByteBreaksIt() {
        byte[] signature = ReportSignature.sign(report, key).fileBytes();
        for (int i = 0; i < report.length; i += 7) {
            byte[] changed = report.clone();
            changed[i] ^= 0x01;
            assertFalse(ReportVerifier.verify(changed, signature, key.getPublic()).valid(), "byte " + i);
        }
    }

    @Test
    void anotherKeyIsNamedAsSuch() {
        byte[] signature = ReportSignature.sign(report, key).fileBytes();
        KeyPair other = Ed25519Keys.generate();

        ReportVerifier.Result result = ReportVerifier.verify(report, signature, other.getPublic());

        assertFalse(result.valid());
        assertEquals("signed by key " + KeyIds.of(key.getPublic()) + ", not by the given key "
                + KeyIds.of(other.getPublic()), result.message());
    }

    @Test
    void aForgedSignatureClaimingTheKeyIdFails() {
        ReportSignature forged = new ReportSignature("Ed25519", KeyIds.of(key.getPublic()),
                ReportSignature.sign(report, Ed25519Keys.generate()).signature());

        ReportVerifier.Result result = ReportVerifier.verify(report, forged.fileBytes(), key.getPublic());

        assertFalse(result.valid());
        assertEquals("signature does not verify: the file is not the one the broker signed", result.message());
    }

    @Test
    void malformedSignatureFilesAreRefusedInOneLine() {
        assertEquals("not a report signature: not JSON", ReportVerifier.verify(report,
                "hello".getBytes(StandardCharsets.UTF_8), key.getPublic()).message());
        assertEquals("not a report signature: algorithm, keyId and signature are needed", ReportVerifier.verify(report,
                "{\"signature\":1}".getBytes(StandardCharsets.UTF_8), key.getPublic()).message());
        assertEquals("not a report signature: 5000 bytes, at most 4096", ReportVerifier.verify(report,
                new byte[5000], key.getPublic()).message());
        String rsa = "{\"algorithm\":\"RS256\",\"keyId\":\"x\",\"signature\":\"AA==\"}";
        assertEquals("unsupported signature algorithm 'RS256'; reports are signed with Ed25519",
                ReportVerifier.verify(report, rsa.getBytes(StandardCharsets.UTF_8), key.getPublic()).message());
        String notBase64 = "{\"algorithm\":\"Ed25519\",\"keyId\":\"" + KeyIds.of(key.getPublic())
                + "\",\"signature\":\"%%%\"}";
        assertEquals("not a report signature: the signature is not base64",
                ReportVerifier.verify(report, notBase64.getBytes(StandardCharsets.UTF_8), key.getPublic()).message());
    }

    @Test
    void theCanonicalBytesReadBackToTheSameReport() {
        assertEquals(sample(), ReportJson.parse(report));
        assertArrayEquals(report, ReportJson.bytes(ReportJson.parse(report)));
    }

    static RepairReport sample() {
        return new RepairReport(RepairReport.VERSION, "r-1", "2026-11-22T01:00:00Z", "sha256:k",
                new RepairReport.Party("hosp-a", "保守 総合病院"),
                new RepairReport.DeviceFacts("CT-01", "Aquilion", "4.2", "Linux", "0.1.0"),
                new RepairReport.Party("medserve", "メドサーブ株式会社"), new RepairReport.Person("sato"),
                new RepairReport.WorkOrderFacts("r-1", "WO-7", "REPAIR", "画像が出ない", List.of("selftest"),
                        "2026-11-22T00:00:00Z"),
                List.of(new RepairReport.ApprovalFacts("tanaka", "2026-11-22T00:01:00Z")),
                new RepairReport.Window("g-1", "2026-11-22T00:01:00Z", "2026-11-22T01:01:00Z", null, null),
                List.of(new RepairReport.SessionFacts("s-1", "selftest", List.of(), "2026-11-22T00:02:00Z",
                        "2026-11-22T00:02:05Z", 0, null, "s-1.jsonl", true, true, "ok: 7 lines, sealed")),
                new RepairReport.Closure("復旧", RepairForm.REMOTE_ONLY, null, "撮影テスト正常", "none", "sato",
                        "2026-11-22T00:30:00Z"));
    }
}
