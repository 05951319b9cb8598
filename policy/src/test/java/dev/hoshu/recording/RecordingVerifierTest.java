package dev.hoshu.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordingVerifierTest {

    private static final KeyPair SEAL = Ed25519Keys.generate();
    private static final String KID = KeyIds.of(SEAL.getPublic());
    private static final Function<String, Optional<PublicKey>> KEYS =
            kid -> kid.equals(KID) ? Optional.of(SEAL.getPublic()) : Optional.empty();

    private final RecordingVerifier verifier = new RecordingVerifier();

    /** Header, exec, text output, binary output, input, stderr, exit, end, seal: 9 lines. */
    static List<String> sealedRecording() {
        RecordingChain chain = unsealedChain();
        List<String> lines = new ArrayList<>(eventsOf(chain));
        lines.add(chain.seal(SEAL.getPrivate(), 900));
        return lines;
    }

    private static RecordingChain unsealedChain() {
        RecordingHeader header = new RecordingHeader("s-1", "g-42", List.of("app-1"), "eng-1", "acme", "CT-01",
                "hosp-a", "broker-1", "status", List.of("--since=1h"), null, KID);
        return new RecordingChain(header, Instant.parse("2026-11-21T00:00:00Z"));
    }

    private static List<String> eventsOf(RecordingChain chain) {
        return new ArrayList<>(List.of(
                chain.headerLine(),
                chain.exec("status", List.of("--since=1h"), 0),
                chain.output("detector ok \"quoted\" 日本\n".getBytes(StandardCharsets.UTF_8), 10),
                chain.output(new byte[] {(byte) 0xff, 0x00, 0x1b}, 20),
                chain.input("q\r".getBytes(StandardCharsets.UTF_8), 30),
                chain.stderr("warn\n".getBytes(StandardCharsets.UTF_8), 40),
                chain.exit(0, 800),
                chain.end("exit", 850)));
    }

    @Test
    void aFileEventIsChainedLikeAnyOtherAndItsHashCannotBeChanged() {
        RecordingChain chain = unsealedChain();
        String sha = "a".repeat(64);
        List<String> lines = new ArrayList<>(List.of(chain.headerLine(), chain.exec("sftp", List.of("logcollect"), 0),
                chain.file("download", "/logcollect/logs/bundle.tar", 3145745, sha, "ok", 10),
                chain.file("upload", "/logcollect/packages/fw.tar", 8, null, "refused: package 'fw.tar' has no "
                        + "signature; upload fw.tar.jws first", 20),
                chain.end("exit", 30)));
        lines.add(chain.seal(SEAL.getPrivate(), 40));

        assertTrue(lines.get(2).startsWith("{\"i\":2,\"t\":10,\"k\":\"file\",\"op\":\"download\",\"path\":"
                + "\"/logcollect/logs/bundle.tar\",\"size\":3145745,\"sha256\":\"" + sha + "\",\"result\":\"ok\","), lines.get(2));
        assertTrue(lines.get(3).contains("\"sha256\":null"), lines.get(3));
        assertTrue(verifier.verify(lines, KEYS).intact(), verifier.verify(lines, KEYS).message());
        lines.set(2, lines.get(2).replace(sha, "b".repeat(64)));
        assertEquals("broken at line 3: hash does not match (edited, inserted or reordered)",
                verifier.verify(lines, KEYS).message());
    }

    @Test
    void untouchedRecordingVerifies() {
        VerificationReport report = verifier.verify(sealedRecording(), KEYS);
        assertEquals(new VerificationReport(true, true, 9, 0, "ok: 9 lines, chain intact, sealed by " + KID), report);
    }

    @Test
    void observerPauseAndNoticeEventsChainAndAnEditedOneIsNamed() {
        RecordingChain chain = unsealedChain();
        List<String> lines = new ArrayList<>(List.of(chain.headerLine(),
                chain.notice("hoshu: waiting for a hospital observer to join session s-1 (hoshu sessions join s-1)", 1),
                chain.observer("joined", "tanaka", null, 900),
                chain.exec("status", List.of(), 901),
                chain.observer("left", "tanaka", "the observer did not keep up with the session", 950),
                chain.pause("the last hospital observer left", 951),
                chain.resume("suzuki is watching", 990)));
        lines.add(chain.seal(SEAL.getPrivate(), 1000));

        assertEquals("ok: 8 lines, chain intact, sealed by " + KID, verifier.verify(lines, KEYS).message());
        assertEquals("{\"i\":4,\"t\":950,\"k\":\"observer\",\"action\":\"left\",\"subject\":\"tanaka\","
                + "\"why\":\"the observer did not keep up with the session\"", lines.get(4).substring(0, lines.get(4).indexOf(",\"h\"")));
        lines.set(2, lines.get(2).replace("tanaka", "suzuki"));
        assertEquals("broken at line 3: hash does not match (edited, inserted or reordered)",
                verifier.verify(lines, KEYS).message());
    }

    @Test
    void linesAreJsonWithTheHashLastAndBytesAsTextOrBase64() {
        List<String> lines = sealedRecording();
        assertTrue(lines.get(0).startsWith("{\"v\":1,\"k\":\"header\",\"session\":\"s-1\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"deviceClockOffsetMs\":null"), lines.get(0));
        assertTrue(lines.get(2).startsWith("{\"i\":2,\"t\":10,\"k\":\"o\",\"d\":\"detector ok \\\"quoted\\\" 日本\\n\""));
        assertTrue(lines.get(3).contains("\"k\":\"o\",\"b\":\"/wAb\""), lines.get(3));
        assertTrue(lines.get(8).matches("\\{\"i\":8,\"t\":900,\"k\":\"seal\",\"events\":7,\"h\":\"[0-9a-f]{64}\","
                + "\"sig\":\"[A-Za-z0-9_-]+\"}"), lines.get(8));
        lines.forEach(line -> assertFalse(line.contains("\n")));
    }

    @ParameterizedTest(name = "line {0}")
    @ValueSource(ints = {1, 2, 3, 5, 8, 9})
    void oneChangedByteNamesThatLine(int lineNumber) {
        List<String> lines = sealedRecording();
        String line = lines.get(lineNumber - 1);
        int at = line.indexOf("\"k\":\"") + 5;
        lines.set(lineNumber - 1, line.substring(0, at) + (char) (line.charAt(at) ^ 1) + line.substring(at + 1));
        VerificationReport report = verifier.verify(lines, KEYS);
        assertEquals(lineNumber, report.firstBrokenLine(), report.message());
        assertFalse(report.intact());
        assertTrue(report.message().startsWith("broken at line " + lineNumber + ": "), report.message());
    }

    @Test
    void changedDataIsAHashMismatch() {
        List<String> lines = sealedRecording();
        lines.set(2, lines.get(2).replace("detector ok", "detector OK"));
        assertEquals("broken at line 3: hash does not match (edited, inserted or reordered)",
                verifier.verify(lines, KEYS).message());
    }

    @Test
    void changedHashItselfIsAHashMismatch() {
        List<String> lines = sealedRecording();
        String line = lines.get(6);
        int at = line.indexOf("\"h\":\"") + 5;
        lines.set(6, line.substring(0, at) + (line.charAt(at) == '0' ? '1' : '0') + line.substring(at + 1));
        assertEquals("broken at line 7: hash does not match (edited, inserted or reordered)",
                verifier.verify(lines, KEYS).message());
    }

    @Test
    void deletedLineIsNamed() {
        List<String> lines = sealedRecording();
        lines.remove(4);
        assertEquals("broken at line 5: index 5 where 4 expected", verifier.verify(lines, KEYS).message());
    }

    @Test
    void swappedLinesAreNamed() {
        List<String> lines = sealedRecording();
        Collections.swap(lines, 3, 4);
        assertEquals("broken at line 4: index 4 where 3 expected", verifier.verify(lines, KEYS).message());
    }

    @Test
    void reindexedInsertedLineIsAHashMismatch() {
        List<String> lines = sealedRecording();
        String forged = lines.get(2).replace("\"i\":2", "\"i\":3");
        lines.add(3, forged);
        assertEquals("broken at line 4: hash does not match (edited, inserted or reordered)",
                verifier.verify(lines, KEYS).message());
    }

    @Test
    void lineAppendedAfterTheSealIsNamed() {
        List<String> lines = sealedRecording();
        lines.add(lines.get(7));
        assertEquals("broken at line 10: line after the seal (appended)", verifier.verify(lines, KEYS).message());
    }

    @Test
    void truncatedRecordingIsIntactButNotSealed() {
        List<String> lines = sealedRecording().subList(0, 6);
        assertEquals(new VerificationReport(true, false, 6, 0,
                "intact up to line 6, not sealed (broker stopped before the end)"), verifier.verify(lines, KEYS));
    }

    @Test
    void wrongSealKeyDoesNotVerify() {
        PublicKey other = Ed25519Keys.generate().getPublic();
        VerificationReport report = verifier.verify(sealedRecording(), kid -> Optional.of(other));
        assertEquals("broken at line 9: seal signature does not verify", report.message());
        assertEquals(9, report.firstBrokenLine());
    }

    @Test
    void unknownSealKeyLeavesTheSealUnchecked() {
        VerificationReport report = verifier.verify(sealedRecording(), kid -> Optional.empty());
        assertTrue(report.intact());
        assertFalse(report.sealed());
        assertEquals("intact: 9 lines, but seal key " + KID + " is not known, so the seal was not checked",
                report.message());
    }

    @Test
    void rewrittenChainWithAForeignSealIsCaughtByTheKeyLookup() {
        KeyPair forger = Ed25519Keys.generate();
        RecordingHeader header = new RecordingHeader("s-1", "g-42", List.of("app-1"), "eng-1", "acme", "CT-01",
                "hosp-a", "broker-1", "status", List.of(), null, KeyIds.of(forger.getPublic()));
        RecordingChain forged = new RecordingChain(header, Instant.EPOCH);
        List<String> lines = List.of(forged.headerLine(), forged.seal(forger.getPrivate(), 1));
        assertFalse(verifier.verify(lines, KEYS).sealed());
    }

    @Test
    void garbageAndEmptyInputAreBrokenNotCrashes() {
        assertEquals("broken at line 1: empty recording (no header)", verifier.verify(List.of(), KEYS).message());
        assertEquals("broken at line 1: not JSON", verifier.verify(List.of("{\"v\":1"), KEYS).message());
        assertEquals("broken at line 1: no chain hash at the end of the line",
                verifier.verify(List.of("{\"v\":1,\"k\":\"header\"}"), KEYS).message());
        List<String> lines = sealedRecording();
        lines.set(3, "");
        assertEquals("broken at line 4: not JSON", verifier.verify(lines, KEYS).message());
    }

    @Test
    void sealKeyMustMatchTheHeader() {
        RecordingChain chain = unsealedChain();
        assertThrows(IllegalArgumentException.class, () -> chain.seal(Ed25519Keys.generate().getPrivate(), 1));
    }

    @Test
    void nothingMayFollowTheSeal() {
        RecordingChain chain = unsealedChain();
        chain.headerLine();
        chain.seal(SEAL.getPrivate(), 1);
        assertThrows(IllegalStateException.class, () -> chain.exit(0, 2));
    }

    @Test
    void fileVerificationMatchesAndRejectsInvalidUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s-1.jsonl");
        Files.write(file, sealedRecording(), StandardCharsets.UTF_8);
        assertEquals("ok: 9 lines, chain intact, sealed by " + KID, verifier.verify(file, KEYS).message());

        byte[] bytes = Files.readAllBytes(file);
        int third = String.join("\n", sealedRecording().subList(0, 2)).getBytes(StandardCharsets.UTF_8).length + 20;
        bytes[third] = (byte) 0xc3;
        bytes[third + 1] = (byte) 0x28;
        Files.write(file, bytes);
        assertEquals("broken at line 3: not UTF-8", verifier.verify(file, KEYS).message());
    }

    @Test
    void aKilledSessionWithTheDevicesStopConfirmationVerifies() {
        RecordingChain chain = unsealedChain();
        List<String> lines = new ArrayList<>(List.of(chain.headerLine(), chain.exec("selftest", List.of(), 0),
                chain.kill("tanaka", "scanner needed (lock l-abc)", 500), chain.stop(2, "2026-11-21T00:00:00.540Z", 540),
                chain.end("killed by tanaka: scanner needed (lock l-abc)", 541)));
        lines.add(chain.seal(SEAL.getPrivate(), 541));

        VerificationReport report = verifier.verify(lines, KEYS);

        assertTrue(report.intact() && report.sealed(), report.message());
        assertTrue(lines.get(3).startsWith("{\"i\":3,\"t\":540,\"k\":\"stop\",\"processes\":2,\"deviceAt\":"),
                lines.get(3));
    }
}
