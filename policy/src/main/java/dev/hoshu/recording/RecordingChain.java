package dev.hoshu.recording;

import dev.hoshu.chain.ChainedLine;
import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.core.JsonGenerator;

/**
 * Produces the lines of one recording, each chained to the one before. It does no I/O, so the caller
 * decides when a line is durable; it is not thread-safe, since a recording has one writer.
 */
public final class RecordingChain {

    private final String headerLine;
    private final String sealKey;
    private String lastHash;
    private long nextIndex = 1;
    private boolean sealed;

    public RecordingChain(RecordingHeader header, Instant start) {
        String body = ChainedLine.body(json -> {
            json.writeNumberProperty("v", 1);
            json.writeStringProperty("k", "header");
            json.writeStringProperty("session", header.session());
            json.writeStringProperty("grant", header.grant());
            writeList(json, "approvers", header.approvers());
            json.writeStringProperty("engineer", header.engineer());
            json.writeStringProperty("company", header.company());
            json.writeStringProperty("device", header.device());
            json.writeStringProperty("hospital", header.hospital());
            json.writeStringProperty("node", header.node());
            json.writeStringProperty("tool", header.tool());
            writeList(json, "args", header.args());
            json.writeStringProperty("started", start.toString());
            json.writeName("deviceClockOffsetMs");
            if (header.deviceClockOffsetMs() == null) {
                json.writeNull();
            } else {
                json.writeNumber(header.deviceClockOffsetMs());
            }
            json.writeStringProperty("sealKey", header.sealKey());
        });
        this.sealKey = header.sealKey();
        this.lastHash = ChainedLine.firstHash(body);
        this.headerLine = ChainedLine.line(body, lastHash);
    }

    public String headerLine() {
        return headerLine;
    }

    /** Bytes the device wrote to stdout. */
    public String output(byte[] data, long tMillis) {
        return bytes("o", data, tMillis);
    }

    /** Bytes the device wrote to stderr. */
    public String stderr(byte[] data, long tMillis) {
        return bytes("e", data, tMillis);
    }

    /** Bytes the engineer sent. */
    public String input(byte[] data, long tMillis) {
        return bytes("i", data, tMillis);
    }

    public String exec(String tool, List<String> args, long tMillis) {
        return event("exec", tMillis, json -> {
            json.writeStringProperty("tool", tool);
            writeList(json, "args", args);
        });
    }

    /** The engineer's terminal size: first when the session gets its terminal, then at every window change. */
    public String resize(TerminalSize size, long tMillis) {
        return event("resize", tMillis, json -> {
            json.writeNumberProperty("cols", size.columns());
            json.writeNumberProperty("rows", size.rows());
        });
    }

    /** A signal the engineer's client sent to the tool, e.g. {@code INT} or {@code TERM}. */
    public String signal(String name, long tMillis) {
        return event("signal", tMillis, json -> json.writeStringProperty("name", name));
    }

    public String exit(int status, long tMillis) {
        return event("exit", tMillis, json -> json.writeNumberProperty("status", status));
    }

    public String kill(String by, String reason, long tMillis) {
        return event("kill", tMillis, json -> {
            json.writeStringProperty("by", by);
            json.writeStringProperty("reason", reason);
        });
    }

    /**
     * The device's confirmation that a killed session's tool is stopped.
     *
     * @param processes how many processes of the tool's tree the device stopped
     * @param deviceAt  when it finished by the device's clock, ISO-8601, or {@code null} if it did not say
     */
    public String stop(int processes, String deviceAt, long tMillis) {
        return event("stop", tMillis, json -> {
            json.writeNumberProperty("processes", processes);
            if (deviceAt == null) {
                json.writeNullProperty("deviceAt");
            } else {
                json.writeStringProperty("deviceAt", deviceAt);
            }
        });
    }

    /** A line the broker itself wrote to the engineer's stderr (a grant-end warning, a pause), as the engineer saw it. */
    public String notice(String text, long tMillis) {
        return event("notice", tMillis, json -> json.writeStringProperty("text", text));
    }

    /**
     * A hospital observer joined or left the live view.
     *
     * @param action {@code joined} or {@code left}
     * @param why    why an observer left when it was not their choice (dropped as too slow), or {@code null}
     */
    public String observer(String action, String subject, String why, long tMillis) {
        return event("observer", tMillis, json -> {
            json.writeStringProperty("action", action);
            json.writeStringProperty("subject", subject);
            if (why != null) {
                json.writeStringProperty("why", why);
            }
        });
    }

    /** The relay stopped moving bytes either way, e.g. because the last observer left. */
    public String pause(String reason, long tMillis) {
        return event("pause", tMillis, json -> json.writeStringProperty("reason", reason));
    }

    /** The relay moves bytes again. */
    public String resume(String reason, long tMillis) {
        return event("resume", tMillis, json -> json.writeStringProperty("reason", reason));
    }

    /**
     * One file operation of a transfer session, as the broker saw it pass.
     *
     * @param op      {@code download}, {@code upload}, or the refused or done operation ({@code remove}, {@code rename}, …)
     * @param size    bytes that passed, in file order from offset 0
     * @param sha256  hex SHA-256 of those bytes, or {@code null} when they did not pass contiguously (or none did)
     * @param result  {@code ok}, or the device's one-line refusal
     */
    public String file(String op, String path, long size, String sha256, String result, long tMillis) {
        return event("file", tMillis, json -> {
            json.writeStringProperty("op", op);
            json.writeStringProperty("path", path);
            json.writeNumberProperty("size", size);
            if (sha256 == null) {
                json.writeNullProperty("sha256");
            } else {
                json.writeStringProperty("sha256", sha256);
            }
            json.writeStringProperty("result", result);
        });
    }

    /** @param how how the session ended, e.g. {@code exit}, {@code killed}, {@code disconnected} */
    public String end(String how, long tMillis) {
        return event("end", tMillis, json -> json.writeStringProperty("how", how));
    }

    /**
     * The last line: counts the events and signs the final hash. Nothing may follow it.
     *
     * @param key the Ed25519 key named by the header's {@code sealKey}
     */
    public String seal(PrivateKey key, long tMillis) {
        if (!KeyIds.of(Ed25519Keys.publicKeyOf(key)).equals(sealKey)) {
            throw new IllegalArgumentException("seal key does not match the header's sealKey " + sealKey);
        }
        long events = nextIndex - 1;
        String body = nextBody("seal", tMillis, json -> json.writeNumberProperty("events", events));
        String hash = ChainedLine.nextHash(lastHash, body);
        String line = ChainedLine.sealLine(body, hash, sign(key, hash));
        lastHash = hash;
        sealed = true;
        return line;
    }

    /** The hash of the last line produced, which the next line chains to. */
    public String lastHash() {
        return lastHash;
    }

    private String bytes(String kind, byte[] data, long tMillis) {
        String text = utf8OrNull(data);
        return event(kind, tMillis, json -> {
            if (text != null) {
                json.writeStringProperty("d", text);
            } else {
                json.writeStringProperty("b", Base64.getEncoder().encodeToString(data));
            }
        });
    }

    private String event(String kind, long tMillis, Consumer<JsonGenerator> fields) {
        String body = nextBody(kind, tMillis, fields);
        lastHash = ChainedLine.nextHash(lastHash, body);
        return ChainedLine.line(body, lastHash);
    }

    private String nextBody(String kind, long tMillis, Consumer<JsonGenerator> fields) {
        if (sealed) {
            throw new IllegalStateException("recording is sealed; nothing may follow the seal");
        }
        long index = nextIndex++;
        return ChainedLine.body(json -> {
            json.writeNumberProperty("i", index);
            json.writeNumberProperty("t", tMillis);
            json.writeStringProperty("k", kind);
            fields.accept(json);
        });
    }

    private static void writeList(JsonGenerator json, String name, List<String> values) {
        json.writeArrayPropertyStart(name);
        values.forEach(json::writeString);
        json.writeEndArray();
    }

    private static String utf8OrNull(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }

    private static String sign(PrivateKey key, String hash) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(hash.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("recordings are sealed with Ed25519 keys", e);
        }
    }
}
