package dev.hoshu.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogVerifierTest {

    private static final Instant T0 = Instant.parse("2026-11-21T00:30:00Z");

    @TempDir
    Path dir;

    private final AuditLogVerifier verifier = new AuditLogVerifier();

    /** A header and four events. */
    private static List<String> fiveLines(String previous) {
        AuditLogChain chain = AuditLogChain.start("broker-1", T0, previous);
        List<String> lines = new ArrayList<>(List.of(chain.headerLine()));
        lines.add(chain.append(AuditEvent.allowed("request.create", "sato", "medserve", "hosp-a", "r-1",
                Map.of("device", "CT-01", "tools", "status")), T0.plusSeconds(1)));
        lines.add(chain.append(AuditEvent.refused("request.approve", "sato", "medserve", "hosp-a", "r-1",
                "denied: you cannot approve your own request", Map.of()), T0.plusSeconds(2)));
        lines.add(chain.append(AuditEvent.allowed("request.approve", "tanaka", "hosp-a", "hosp-a", "r-1",
                Map.of("grant", "g-1")), T0.plusSeconds(3)));
        lines.add(chain.append(AuditEvent.allowed("session.kill", "tanaka", "hosp-a", "hosp-a", "s-1",
                Map.of("reason", "done")), T0.plusSeconds(4)));
        return lines;
    }

    @Test
    void anUntouchedLogIsIntactAndTheLinesHaveTheDocumentedShape() {
        List<String> lines = fiveLines(null);
        AuditLogReport report = verifier.verify(lines);
        assertEquals("ok: 5 lines, chain intact", report.message());
        assertTrue(report.intact());
        assertNull(report.previous());
        assertTrue(lines.get(0).matches("\\{\"v\":1,\"k\":\"audit-header\",\"node\":\"broker-1\","
                + "\"started\":\"2026-11-21T00:30:00Z\",\"previous\":null,\"h\":\"[0-9a-f]{64}\"}"), lines.get(0));
        assertTrue(lines.get(2).matches("\\{\"i\":2,\"at\":\"2026-11-21T00:30:02Z\",\"k\":\"audit\","
                + "\"action\":\"request.approve\",\"actor\":\"sato\",\"org\":\"medserve\",\"hospital\":\"hosp-a\","
                + "\"target\":\"r-1\",\"outcome\":\"refused\",\"reason\":\"denied: you cannot approve your own request\","
                + "\"details\":\\{},\"h\":\"[0-9a-f]{64}\"}"), lines.get(2));
        AuditEntry entry = AuditEntry.parse(lines.get(1), "broker-1");
        assertEquals(1, entry.index());
        assertEquals("CT-01", entry.event().details().get("device"));
        assertEquals(AuditEvent.Outcome.ALLOWED, entry.event().outcome());
    }

    @Test
    void anEditedLineIsNamed() {
        List<String> lines = fiveLines(null);
        lines.set(2, lines.get(2).replace("\"refused\"", "\"allowed\""));
        assertEquals("broken at line 3: hash does not match (edited, inserted or reordered)", verifier.verify(lines).message());
    }

    @Test
    void aDeletedLineIsNamed() {
        List<String> lines = fiveLines(null);
        lines.remove(2);
        assertEquals("broken at line 3: index 3 where 2 expected", verifier.verify(lines).message());
    }

    @Test
    void anInsertedLineIsNamedEvenWithAPlausibleIndex() {
        List<String> lines = fiveLines(null);
        AuditLogChain forger = AuditLogChain.resume("0".repeat(64), 2);
        lines.add(2, forger.append(AuditEvent.allowed("request.approve", "mallory", "hosp-a", "hosp-a", "r-1",
                Map.of()), T0));
        AuditLogReport report = verifier.verify(lines);
        assertEquals(3, report.firstBrokenLine());
        assertFalse(report.intact());
    }

    @Test
    void swappedLinesAreNamed() {
        List<String> lines = fiveLines(null);
        Collections.swap(lines, 2, 3);
        assertEquals("broken at line 3: index 3 where 2 expected", verifier.verify(lines).message());
    }

    @Test
    void aLineTruncatedMidwayIsNamed() throws IOException {
        List<String> lines = fiveLines(null);
        String last = lines.get(4);
        Path file = write("audit.jsonl", String.join("\n", lines.subList(0, 4)) + "\n" + last.substring(0, 40));
        assertEquals("broken at line 5: not JSON", verifier.verify(file).message());
    }

    @Test
    void aByteChangedInTheFileIsNamedAndBadBytesAreBlamedOnTheirLine() throws IOException {
        List<String> lines = fiveLines(null);
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        int at = String.join("\n", lines.subList(0, 3)).length() + 1 + 30;
        bytes[at] = (byte) (bytes[at] == 'x' ? 'y' : 'x');
        Path file = dir.resolve("edited.jsonl");
        Files.write(file, bytes);
        assertEquals(4, verifier.verify(file).firstBrokenLine());
        bytes[at] = (byte) 0xff;
        Files.write(file, bytes);
        assertEquals("broken at line 4: not UTF-8", verifier.verify(file).message());
    }

    @Test
    void aTailCutAtALineBoundaryShowsInTheNextFilesLink() throws IOException {
        List<String> day1 = fiveLines(null);
        List<String> day2 = fiveLines(verifier.verify(day1).lastHash());
        Path first = write("audit-2026-11-21.jsonl", String.join("\n", day1) + "\n");
        Path second = write("audit-2026-11-22.jsonl", String.join("\n", day2) + "\n");
        assertEquals("ok: 2 files, 10 lines, chain intact", verifier.verifyAll(List.of(first, second)).message());

        write("audit-2026-11-21.jsonl", String.join("\n", day1.subList(0, 4)) + "\n");
        assertEquals("audit-2026-11-22.jsonl: broken at "
                + "line 1: header does not link to the last line of audit-2026-11-21.jsonl (a file was truncated, "
                + "replaced or left out)", verifier.verifyAll(List.of(first, second)).message());
    }

    @Test
    void hostileFilesAreRefusedByLine() throws IOException {
        assertEquals("broken at line 1: empty audit log (no header)", verifier.verify(write("empty.jsonl", "")).message());
        List<String> recordingLike = List.of("{\"v\":1,\"k\":\"header\",\"h\":\"" + "a".repeat(64) + "\"}");
        assertEquals("broken at line 1: not a version 1 audit log header", verifier.verify(recordingLike).message());
        List<String> lines = fiveLines(null);
        lines.set(1, lines.get(1).replaceFirst(",\"h\":\"", ",\"h\":\"" + "0"));
        assertEquals("broken at line 2: no chain hash at the end of the line", verifier.verify(lines).message());
        Path huge = write("huge.jsonl", fiveLines(null).get(0) + "\n{\"i\":1,\"d\":\""
                + "a".repeat(AuditLogVerifier.MAX_LINE_BYTES + 10) + "\"}\n");
        assertEquals("broken at line 2: line longer than " + AuditLogVerifier.MAX_LINE_BYTES + " bytes", verifier.verify(huge).message());
    }

    @Test
    void valuesWithQuotesAndNewlinesCannotForgeFieldsOrLines() {
        AuditLogChain chain = AuditLogChain.start("broker-1", T0, null);
        String line = chain.append(AuditEvent.refused("request.deny", "eve\",\"outcome\":\"allowed", "x", "hosp-a",
                "r-1\n{\"i\":2}", "because\r\n,\"h\":\"" + "0".repeat(64), Map.of()), T0);
        assertFalse(line.contains("\n"));
        assertTrue(verifier.verify(List.of(chain.headerLine(), line)).intact());
        AuditEntry parsed = AuditEntry.parse(line, "broker-1");
        assertEquals("eve\",\"outcome\":\"allowed", parsed.event().actor());
        assertEquals(AuditEvent.Outcome.REFUSED, parsed.event().outcome());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
