package dev.hoshu.broker.recording;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a recording ended, from its last lines only: the time of the last event, the exit status if one was
 * recorded, and whether the last line is a seal. The signature is not checked here; verifying is a separate act.
 *
 * @param lastMillis the {@code t} of the last complete line
 * @param exitStatus the last {@code exit} event's status, or {@code null}
 */
record RecordingTail(long lastMillis, Integer exitStatus, boolean sealed) {

    /** Enough for the end, exit and seal lines even after a full 32 KiB output chunk stored as base64. */
    static final int TAIL_BYTES = 256 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static RecordingTail of(Path file, long size) throws IOException {
        int length = (int) Math.min(size, TAIL_BYTES);
        byte[] tail;
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
            tail = Channels.newInputStream(channel.position(size - length)).readNBytes(length);
        }
        return of(tail, size);
    }

    /** @param tail the last bytes of a recording of {@code size} bytes (all of it when it is that short) */
    static RecordingTail of(byte[] tail, long size) {
        int length = tail.length;
        String text = new String(tail, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        // The first line of a window that does not start at the file's start may be cut: it is skipped.
        List<String> whole = size > length && !lines.isEmpty() ? lines.subList(1, lines.size()) : lines;
        long lastMillis = 0;
        Integer exitStatus = null;
        boolean sealed = false;
        for (String line : whole) {
            JsonNode event = parse(line);
            if (event == null) {
                continue;
            }
            lastMillis = event.path("t").asLong(lastMillis);
            String kind = event.path("k").asString("");
            if ("exit".equals(kind) && event.path("status").isIntegralNumber()) {
                exitStatus = event.path("status").asInt();
            }
            sealed = "seal".equals(kind);
        }
        return new RecordingTail(lastMillis, exitStatus, sealed);
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
