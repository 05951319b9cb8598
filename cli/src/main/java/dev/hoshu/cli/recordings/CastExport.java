package dev.hoshu.cli.recordings;

import dev.hoshu.recording.Asciicast;
import dev.hoshu.recording.RecordingReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** A recording's bytes as asciicast v2 text, shared by {@code export} and {@code bundle}. */
final class CastExport {

    private CastExport() {
    }

    static byte[] of(byte[] recording, boolean withInput) throws IOException {
        StringWriter cast = new StringWriter();
        try (RecordingReader reader = RecordingReader.open(new ByteArrayInputStream(recording))) {
            Asciicast.write(reader, cast, withInput);
        }
        return cast.toString().getBytes(StandardCharsets.UTF_8);
    }
}
