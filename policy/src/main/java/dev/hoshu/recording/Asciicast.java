package dev.hoshu.recording;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports a recording as an asciicast v2 file (https://docs.asciinema.org/manual/asciicast/v2/), which
 * {@code asciinema play} and {@code asciinema cat} accept: a header line, then one {@code [t, "o", text]}
 * line per output event. The tool's stdout and stderr both become {@code "o"}, as the engineer's terminal
 * showed them; the engineer's input becomes {@code "i"} only when asked, since it is not part of the screen.
 * A session with a terminal starts with a {@code resize} event (the engineer's size when the tool started): it
 * gives the header's width and height, and every later one becomes an {@code "r"} event ({@code "100x30"}), so a
 * player redraws the screen at the size the engineer saw.
 * <p>
 * A session without a terminal (a plain exec channel, no resize before its first output) has no terminal driver
 * turning the tool's bare line feeds into carriage return and line feed, so a player would draw its output as a
 * staircase: there, and only there, a line feed not already after a carriage return is written as CR LF. The output
 * of a terminal session is written exactly as recorded, and the recording itself is never changed.
 */
public final class Asciicast {

    /** The size of a session without a terminal (a plain exec channel): a player's usual default. */
    static final TerminalSize NO_TERMINAL = new TerminalSize(80, 24);
    /** Events read ahead while looking for the starting size; a terminal session records it before any output. */
    private static final int LOOK_AHEAD = 16;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Asciicast() {
    }

    /** Writes the whole cast; the reader is consumed but not closed. */
    public static void write(RecordingReader recording, Writer out, boolean withInput) throws IOException {
        RecordedHeader header = recording.header();
        Deque<RecordedEvent> readAhead = new ArrayDeque<>();
        TerminalSize start = startingSize(recording, readAhead);
        TerminalSize size = start == null ? NO_TERMINAL : start;
        LineEnds screenLines = start == null ? new LineEnds() : null;
        out.write(line(json -> {
            json.writeStartObject();
            json.writeNumberProperty("version", 2);
            json.writeNumberProperty("width", size.columns());
            json.writeNumberProperty("height", size.rows());
            json.writeNumberProperty("timestamp", header.started().getEpochSecond());
            json.writeStringProperty("title", header.commandLine() + " on " + header.device() + " (" + header.session() + ")");
            json.writeEndObject();
        }));
        TerminalBytes screen = new TerminalBytes();
        TerminalBytes keyboard = new TerminalBytes();
        long lastMillis = 0;
        for (RecordedEvent event = next(readAhead, recording); event != null; event = next(readAhead, recording)) {
            lastMillis = event.tMillis();
            if (event.isResize()) {
                writeEvent(out, event.tMillis(), "r", event.size().asText());
            } else if (event.isOutput()) {
                writeEvent(out, event.tMillis(), "o", onScreen(screenLines, screen.decode(event.data())));
            } else if (withInput && event.isInput()) {
                writeEvent(out, event.tMillis(), "i", keyboard.decode(event.data()));
            }
        }
        writeEvent(out, lastMillis, "o", onScreen(screenLines, screen.finish()));
        out.flush();
    }

    /**
     * Reads up to the first resize, output or input event: a resize there is the size the session started at
     * (consumed, it is the header's); everything else read stays in {@code readAhead} to be written.
     *
     * @return the starting size of a terminal session, or {@code null} for a session without a terminal
     */
    private static TerminalSize startingSize(RecordingReader recording, Deque<RecordedEvent> readAhead)
            throws IOException {
        while (readAhead.size() < LOOK_AHEAD) {
            RecordedEvent event = recording.next();
            if (event == null) {
                break;
            }
            if (event.isResize()) {
                return event.size();
            }
            readAhead.add(event);
            if (event.isOutput() || event.isInput()) {
                break;
            }
        }
        return null;
    }

    private static String onScreen(LineEnds lineEnds, String text) {
        return lineEnds == null ? text : lineEnds.crlf(text);
    }

    /**
     * Line feeds to CR LF across the events of one stream: a CR ending one event and the LF starting the next are
     * one line end already.
     */
    private static final class LineEnds {

        private boolean afterCarriageReturn;

        String crlf(String text) {
            StringBuilder out = null;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' && !afterCarriageReturn) {
                    if (out == null) {
                        out = new StringBuilder(text.length() + 16).append(text, 0, i);
                    }
                    out.append('\r');
                }
                if (out != null) {
                    out.append(c);
                }
                afterCarriageReturn = c == '\r';
            }
            return out == null ? text : out.toString();
        }
    }

    private static RecordedEvent next(Deque<RecordedEvent> readAhead, RecordingReader recording) throws IOException {
        return readAhead.isEmpty() ? recording.next() : readAhead.poll();
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
