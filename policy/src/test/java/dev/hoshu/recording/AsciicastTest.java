package dev.hoshu.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AsciicastTest {

    private static final KeyPair SEAL = Ed25519Keys.generate();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A session whose output splits a Japanese character across two chunks and carries terminal escapes. */
    private static byte[] recording() {
        RecordingChain chain = new RecordingChain(new RecordingHeader("s-1", "g-1", List.of("tanaka"), "sato", "medserve",
                "CT-01", "hosp-a", "node-1", "status", List.of("--fail"), null, KeyIds.of(SEAL.getPublic())),
                Instant.parse("2026-11-21T00:30:00Z"));
        byte[] kanji = "日".getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(chain.headerLine(),
                chain.exec("status", List.of("--fail"), 0),
                chain.output("gantry: \u001b[1mok\u001b[0m\n".getBytes(StandardCharsets.UTF_8), 212),
                chain.input("y\n".getBytes(StandardCharsets.UTF_8), 300),
                chain.output(new byte[] {kanji[0], kanji[1]}, 1500),
                chain.output(new byte[] {kanji[2], '\n'}, 1501),
                chain.stderr("cooling: ATTENTION\n".getBytes(StandardCharsets.UTF_8), 2000),
                chain.exit(3, 2001),
                chain.end("exit", 2002)));
        lines.add(chain.seal(SEAL.getPrivate(), 2002));
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> export(byte[] recording, boolean withInput) throws IOException {
        StringWriter cast = new StringWriter();
        try (RecordingReader reader = RecordingReader.open(new ByteArrayInputStream(recording))) {
            Asciicast.write(reader, cast, withInput);
        }
        return cast.toString().lines().map(JSON::readTree).toList();
    }

    @Test
    void theHeaderIsAsciicastVersion2WithTheSessionsStartAndCommand() throws Exception {
        JsonNode header = export(recording(), false).get(0);

        assertEquals(2, header.path("version").asInt());
        assertEquals(80, header.path("width").asInt());
        assertEquals(24, header.path("height").asInt());
        assertEquals(Instant.parse("2026-11-21T00:30:00Z").getEpochSecond(), header.path("timestamp").asLong());
        assertEquals("status --fail on CT-01 (s-1)", header.path("title").asString());
    }

    @Test
    void outputAndStderrBecomeOutputEventsWithTheirTimesAndASplitCharacterIsWholeAgain() throws Exception {
        List<JsonNode> cast = export(recording(), false);
        List<JsonNode> events = cast.subList(1, cast.size());

        // The first half of 日 alone shows nothing, so it is no event of its own.
        // No terminal: the bare line feeds end lines as a terminal would show them (CR LF), not as a staircase.
        assertEquals(List.of("gantry: \u001b[1mok\u001b[0m\r\n", "日\r\n", "cooling: ATTENTION\r\n"),
                events.stream().map(e -> e.get(2).asString()).toList());
        assertEquals(List.of(0.212, 1.501, 2.0), events.stream().map(e -> e.get(0).asDouble()).toList());
        assertTrue(events.stream().allMatch(e -> e.get(1).asString().equals("o")));
    }

    @Test
    void inputIsLeftOutUnlessAskedFor() throws Exception {
        assertTrue(export(recording(), false).stream().skip(1).noneMatch(e -> e.get(1).asString().equals("i")));

        List<JsonNode> withInput = export(recording(), true);
        assertEquals(1, withInput.stream().skip(1).filter(e -> e.get(1).asString().equals("i")).count());
        assertEquals("y\n", withInput.get(2).get(2).asString());
    }

    @Test
    void aFileThatIsNotARecordingIsRefusedNamingTheLine() {
        byte[] notRecording = "{\"hello\":1}\n".getBytes(StandardCharsets.UTF_8);
        IOException header = assertThrows(IOException.class, () -> export(notRecording, false));
        assertEquals("line 1: not a version 1 recording header", header.getMessage());

        String[] lines = new String(recording(), StandardCharsets.UTF_8).split("\n");
        lines[2] = "<script>alert(1)</script>";
        byte[] garbled = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        IOException event = assertThrows(IOException.class, () -> export(garbled, false));
        assertEquals("line 3: not JSON", event.getMessage());
    }

    /** An interactive session: started at 120x40, resized to 100x30 while the tool ran. */
    private static byte[] terminalRecording(String resizeLine) {
        RecordingChain chain = new RecordingChain(new RecordingHeader("s-2", "g-1", List.of("tanaka"), "sato", "medserve",
                "CT-01", "hosp-a", "node-1", "console", List.of(), null, KeyIds.of(SEAL.getPublic())),
                Instant.parse("2026-11-21T00:30:00Z"));
        List<String> lines = new ArrayList<>(List.of(chain.headerLine(),
                chain.exec("console", List.of(), 0),
                chain.resize(new TerminalSize(120, 40), 1),
                chain.output("console> ".getBytes(StandardCharsets.UTF_8), 50),
                chain.input("size\r".getBytes(StandardCharsets.UTF_8), 400),
                chain.output("size\r\n40 120\r\n".getBytes(StandardCharsets.UTF_8), 420),
                resizeLine == null ? chain.resize(new TerminalSize(100, 30), 900) : resizeLine,
                chain.signal("INT", 950),
                chain.output("30 100\r\n".getBytes(StandardCharsets.UTF_8), 1000),
                chain.exit(0, 1100),
                chain.end("exit", 1101)));
        if (resizeLine == null) {
            lines.add(chain.seal(SEAL.getPrivate(), 1102));
        }
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalSessionStartsAtTheEngineersSizeAndEveryLaterResizeIsAnREvent() throws Exception {
        List<JsonNode> cast = export(terminalRecording(null), false);

        assertEquals(120, cast.get(0).path("width").asInt());
        assertEquals(40, cast.get(0).path("height").asInt());
        List<String> events = cast.stream().skip(1).map(e -> e.get(0).asString() + " " + e.get(1).asString() + " "
                + e.get(2).asString()).toList();
        assertEquals(List.of("0.05 o console> ", "0.42 o size\r\n40 120\r\n", "0.9 r 100x30",
                "1.0 o 30 100\r\n"), events);
    }

    @Test
    void withoutATerminalEveryLineFeedNotAfterACarriageReturnBecomesCrLfAcrossEvents() throws Exception {
        RecordingChain chain = new RecordingChain(new RecordingHeader("s-3", "g-1", List.of("tanaka"), "sato", "medserve",
                "CT-01", "hosp-a", "node-1", "logcollect", List.of(), null, KeyIds.of(SEAL.getPublic())),
                Instant.parse("2026-11-21T00:30:00Z"));
        List<String> lines = new ArrayList<>(List.of(chain.headerLine(),
                chain.exec("logcollect", List.of(), 0),
                chain.output("line 1\nline 2\n\nline 4".getBytes(StandardCharsets.UTF_8), 10),
                chain.output("\nalready\r\nsplit\r".getBytes(StandardCharsets.UTF_8), 20),
                chain.stderr("\nwarn\n".getBytes(StandardCharsets.UTF_8), 30),
                chain.exit(0, 40),
                chain.end("exit", 41)));
        lines.add(chain.seal(SEAL.getPrivate(), 41));
        byte[] recording = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);

        List<JsonNode> cast = export(recording, false);

        assertEquals(List.of("line 1\r\nline 2\r\n\r\nline 4", "\r\nalready\r\nsplit\r", "\nwarn\r\n"),
                cast.stream().skip(1).map(e -> e.get(2).asString()).toList());
        // Only the cast: the recording's own bytes still verify under its seal.
        VerificationReport seal = new RecordingVerifier().verify(lines, id -> Optional.of(SEAL.getPublic()));
        assertTrue(seal.intact() && seal.sealed(), seal::toString);
    }

    @Test
    void aTerminalSessionsOutputIsWrittenByteForByteWithItsBareLineFeeds() throws Exception {
        RecordingChain chain = new RecordingChain(new RecordingHeader("s-4", "g-1", List.of("tanaka"), "sato", "medserve",
                "CT-01", "hosp-a", "node-1", "console", List.of(), null, KeyIds.of(SEAL.getPublic())),
                Instant.parse("2026-11-21T00:30:00Z"));
        String screen = "\u001b[2J\u001b[Hrow 1\nrow 2\r\n\u001b[5;1H\nrow 6\r";
        List<String> lines = new ArrayList<>(List.of(chain.headerLine(),
                chain.exec("console", List.of(), 0),
                chain.resize(new TerminalSize(80, 24), 1),
                chain.output(screen.getBytes(StandardCharsets.UTF_8), 10),
                chain.output("\n".getBytes(StandardCharsets.UTF_8), 20),
                chain.exit(0, 30),
                chain.end("exit", 31)));
        lines.add(chain.seal(SEAL.getPrivate(), 31));

        StringWriter cast = new StringWriter();
        try (RecordingReader reader = RecordingReader.open(new ByteArrayInputStream(
                (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)))) {
            Asciicast.write(reader, cast, false);
        }

        assertEquals("{\"version\":2,\"width\":80,\"height\":24,\"timestamp\":1795221000,"
                + "\"title\":\"console on CT-01 (s-4)\"}\n"
                + "[0.010,\"o\",\"\\u001B[2J\\u001B[Hrow 1\\nrow 2\\r\\n\\u001B[5;1H\\nrow 6\\r\"]\n"
                + "[0.020,\"o\",\"\\n\"]\n", cast.toString());
    }

    @Test
    void aResizeWithoutAUsableSizeIsRefusedNamingTheLine() {
        for (String forged : List.of("{\"i\":6,\"t\":900,\"k\":\"resize\",\"cols\":0,\"rows\":30,\"h\":\"00\"}",
                "{\"i\":6,\"t\":900,\"k\":\"resize\",\"cols\":99999999999,\"rows\":30,\"h\":\"00\"}",
                "{\"i\":6,\"t\":900,\"k\":\"resize\",\"cols\":\"100\",\"rows\":30,\"h\":\"00\"}")) {
            IOException refused = assertThrows(IOException.class, () -> export(terminalRecording(forged), false));
            assertTrue(refused.getMessage().startsWith("line 7: "), refused.getMessage());
        }
    }

    @Test
    void aTerminalSizeOutsideWhatAScreenShowsIsNoSize() {
        assertThrows(IllegalArgumentException.class, () -> new TerminalSize(0, 24));
        assertThrows(IllegalArgumentException.class, () -> new TerminalSize(80, TerminalSize.MAX_CELLS + 1));
        assertEquals("100x30", new TerminalSize(100, 30).asText());
    }
}
