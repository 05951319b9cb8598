package dev.hoshu.chain;

import dev.hoshu.tools.Sha256;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chaining rule shared by the writers and verifiers of recordings and of the audit log. A line is its
 * body (a JSON object) with {@code ,"h":"…"} (and on a recording's seal {@code ,"sig":"…"}) spliced in
 * before the closing brace, so a verifier can recover the hashed bytes exactly without any canonical JSON.
 */
public final class ChainedLine {

    public static final String HASH_FIELD = ",\"h\":\"";
    private static final Pattern TAIL =
            Pattern.compile("^,\"h\":\"([0-9a-f]{64})\"(?:,\"sig\":\"([A-Za-z0-9_-]{1,200})\")?}$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The body and the chain fields of one line. */
    public record Parts(String body, String hash, String signature) {
    }

    private ChainedLine() {
    }

    public static String body(Consumer<JsonGenerator> fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields.accept(json);
            json.writeEndObject();
        }
        return out.toString();
    }

    public static String firstHash(String body) {
        return hex(body.getBytes(StandardCharsets.UTF_8));
    }

    public static String nextHash(String previousHash, String body) {
        return hex((previousHash + "\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    public static String line(String body, String hash) {
        return open(body) + HASH_FIELD + hash + "\"}";
    }

    public static String sealLine(String body, String hash, String signature) {
        return open(body) + HASH_FIELD + hash + "\",\"sig\":\"" + signature + "\"}";
    }

    /** @return the parts, or {@code null} if the line does not end in well-formed chain fields */
    public static Parts split(String line) {
        int at = line.indexOf(HASH_FIELD);
        if (at < 1) {
            return null;
        }
        Matcher tail = TAIL.matcher(line.substring(at));
        if (!tail.matches()) {
            return null;
        }
        return new Parts(line.substring(0, at) + "}", tail.group(1), tail.group(2));
    }

    private static String open(String body) {
        return body.substring(0, body.length() - 1);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.digest(bytes));
    }
}
