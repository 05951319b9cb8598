package dev.hoshu.recording;

import dev.hoshu.chain.StrictLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a recording back event by event, for replay, export and search. It does not check the chain (that
 * is {@link RecordingVerifier}'s job); it refuses lines that are not events, naming the line.
 */
public final class RecordingReader implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StrictLines lines;
    private final RecordedHeader header;

    private RecordingReader(StrictLines lines, RecordedHeader header) {
        this.lines = lines;
        this.header = header;
    }

    /** Reads the header line; the stream is closed with the reader. */
    public static RecordingReader open(InputStream in) throws IOException {
        StrictLines lines = new StrictLines(in, RecordingVerifier.MAX_LINE_BYTES);
        try {
            return new RecordingReader(lines, headerOf(lines.next()));
        } catch (IOException | RuntimeException e) {
            lines.close();
            throw e;
        }
    }

    public RecordedHeader header() {
        return header;
    }

    /** @return the next event, or {@code null} after the last one (the seal is not an event) */
    public RecordedEvent next() throws IOException {
        StrictLines.Line line = lines.next();
        if (line == null) {
            return null;
        }
        JsonNode event = parse(line);
        String kind = event.path("k").asString("");
        if ("seal".equals(kind)) {
            return null;
        }
        if (kind.isEmpty() || !event.path("i").isIntegralNumber() || !event.path("t").isIntegralNumber()) {
            throw malformed(line.number(), "not a recording event");
        }
        return new RecordedEvent(event.path("i").asLong(), event.path("t").asLong(), kind, bytesOf(event, line.number()),
                "exit".equals(kind) && event.path("status").isIntegralNumber() ? event.path("status").asInt() : null,
                "resize".equals(kind) ? sizeOf(event, line.number()) : null);
    }

    private static TerminalSize sizeOf(JsonNode event, int lineNumber) throws IOException {
        if (!event.path("cols").canConvertToInt() || !event.path("rows").canConvertToInt()
                || !event.path("cols").isIntegralNumber() || !event.path("rows").isIntegralNumber()) {
            throw malformed(lineNumber, "resize without a terminal size");
        }
        try {
            return new TerminalSize(event.path("cols").asInt(), event.path("rows").asInt());
        } catch (IllegalArgumentException e) {
            throw malformed(lineNumber, e.getMessage());
        }
    }

    private static RecordedHeader headerOf(StrictLines.Line line) throws IOException {
        if (line == null) {
            throw new IOException("empty file: not a recording");
        }
        JsonNode header = parse(line);
        if (header.path("v").asInt(0) != 1 || !"header".equals(header.path("k").asString(""))) {
            throw malformed(1, "not a version 1 recording header");
        }
        try {
            return new RecordedHeader(text(header, "session"), text(header, "grant"), text(header, "engineer"),
                    text(header, "company"), text(header, "device"), text(header, "hospital"), text(header, "tool"),
                    header.path("args").valueStream().map(arg -> arg.asString("")).toList(),
                    Instant.parse(header.path("started").asString("")), text(header, "sealKey"));
        } catch (DateTimeParseException e) {
            throw malformed(1, "header has no valid start time");
        }
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asString("");
    }

    private static JsonNode parse(StrictLines.Line line) throws IOException {
        if (line.problem() != null) {
            throw malformed(line.number(), line.problem());
        }
        try {
            JsonNode node = JSON.readTree(line.text());
            if (node == null || !node.isObject()) {
                throw malformed(line.number(), "not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw malformed(line.number(), "not JSON");
        }
    }

    private static byte[] bytesOf(JsonNode event, int lineNumber) throws IOException {
        if (event.has("d")) {
            return event.path("d").asString("").getBytes(StandardCharsets.UTF_8);
        }
        if (event.has("b")) {
            try {
                return Base64.getDecoder().decode(event.path("b").asString(""));
            } catch (IllegalArgumentException e) {
                throw malformed(lineNumber, "bytes are not base64");
            }
        }
        return List.of("o", "e", "i").contains(event.path("k").asString("")) ? new byte[0] : null;
    }

    private static IOException malformed(int line, String why) {
        return new IOException("line " + line + ": " + why);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
