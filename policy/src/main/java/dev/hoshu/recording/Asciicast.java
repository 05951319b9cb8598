package dev.hoshu.recording;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports a recording as an asciicast v2 file (https://docs.asciinema.org/manual/asciicast/v2/), which
 * {@code asciinema play} and {@code asciinema cat} accept: a header line, then one {@code [t, "o", text]}
 * line per output event. The tool's stdout and stderr both become {@code "o"}, as the engineer's terminal
 * showed them; the engineer's input becomes {@code "i"} only when asked, since it is not part of the screen.
 */
public final class Asciicast {

    /** The size Hoshu's sessions run at: exec channels without a pty, so no resize events exist. */
    static final int WIDTH = 80;
    static final int HEIGHT = 24;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Asciicast() {
    }

    /** Writes the whole cast; the reader is consumed but not closed. */
    public static void write(RecordingReader recording, Writer out, boolean withInput) throws IOException {
        RecordedHeader header = recording.header();
        out.write(line(json -> {
            json.writeStartObject();
            json.writeNumberProperty("version", 2);
            json.writeNumberProperty("width", WIDTH);
            json.writeNumberProperty("height", HEIGHT);
            json.writeNumberProperty("timestamp", header.started().getEpochSecond());
            json.writeStringProperty("title", header.commandLine() + " on " + header.device() + " (" + header.session() + ")");
            json.writeEndObject();
        }));
        TerminalBytes screen = new TerminalBytes();
        TerminalBytes keyboard = new TerminalBytes();
        long lastMillis = 0;
        for (RecordedEvent event = recording.next(); event != null; event = recording.next()) {
            lastMillis = event.tMillis();
            if (event.isOutput()) {
                writeEvent(out, event.tMillis(), "o", screen.decode(event.data()));
            } else if (withInput && event.isInput()) {
                writeEvent(out, event.tMillis(), "i", keyboard.decode(event.data()));
            }
        }
        writeEvent(out, lastMillis, "o", screen.finish());
        out.flush();
    }

    private static void writeEvent(Writer out, long tMillis, String code, String text) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        out.write(line(json -> {
            json.writeStartArray();
            // Milliseconds as seconds with three decimals, exactly: no binary floating-point noise in the file.
            json.writeNumber(java.math.BigDecimal.valueOf(tMillis, 3));
            json.writeString(code);
            json.writeString(text);
            json.writeEndArray();
        }));
    }

    private static String line(java.util.function.Consumer<JsonGenerator> content) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            content.accept(json);
        }
        return text + "\n";
    }
}
