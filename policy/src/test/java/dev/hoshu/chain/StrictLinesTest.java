package dev.hoshu.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictLinesTest {

    @Test
    void linesLongerThanTheReadBlockComeBackWhole() throws IOException {
        String longLine = "x".repeat(200_000);
        List<StrictLines.Line> lines = readAll(bytes(longLine + "\nshort\n" + longLine + "é\n"), 1 << 20);

        assertEquals(List.of(longLine, "short", longLine + "é"), texts(lines));
        assertEquals(List.of(1, 2, 3), lines.stream().map(StrictLines.Line::number).toList());
    }

    @Test
    void anOversizedLineIsBlamedOnItselfAndTheNextLineStillReads() throws IOException {
        List<StrictLines.Line> lines = readAll(bytes("a".repeat(100_001) + "\nnext\n"), 100_000);

        assertEquals("line longer than 100000 bytes", lines.get(0).problem());
        assertNull(lines.get(0).text());
        assertEquals("next", lines.get(1).text());
        assertEquals(2, lines.size());
    }

    @Test
    void aLineOfExactlyTheLimitIsAccepted() throws IOException {
        List<StrictLines.Line> lines = readAll(bytes("b".repeat(1000) + "\n"), 1000);

        assertEquals(List.of("b".repeat(1000)), texts(lines));
    }

    @Test
    void aBadByteIsBlamedOnItsOwnLine() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(bytes("first\n"));
        file.writeBytes(new byte[] {'o', 'k', (byte) 0xC3, '\n'});
        file.writeBytes(bytes("third"));

        List<StrictLines.Line> lines = readAll(file.toByteArray(), 100);

        assertEquals(java.util.Arrays.asList("first", null, "third"), texts(lines));
        assertEquals("not UTF-8", lines.get(1).problem());
    }

    @Test
    void aStreamThatHandsOutOneByteAtATimeReadsTheSame() throws IOException {
        String text = "one\n\ntwo é\nthree";
        InputStream trickle = new ByteArrayInputStream(bytes(text)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        List<String> lines = new ArrayList<>();
        try (StrictLines reader = new StrictLines(trickle, 100)) {
            for (StrictLines.Line line = reader.next(); line != null; line = reader.next()) {
                lines.add(line.text());
            }
        }

        assertEquals(List.of("one", "", "two é", "three"), lines);
    }

    @Test
    void anEmptyFileHasNoLinesAndAFinalNewlineAddsNone() throws IOException {
        assertEquals(List.of(), readAll(new byte[0], 10));
        assertEquals(List.of("only"), texts(readAll(bytes("only\n"), 10)));
    }

    private static List<StrictLines.Line> readAll(byte[] file, int maxLineBytes) throws IOException {
        List<StrictLines.Line> lines = new ArrayList<>();
        try (StrictLines reader = new StrictLines(new ByteArrayInputStream(file), maxLineBytes)) {
            for (StrictLines.Line line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<String> texts(List<StrictLines.Line> lines) {
        return lines.stream().map(StrictLines.Line::text).collect(java.util.stream.Collectors.toList());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
