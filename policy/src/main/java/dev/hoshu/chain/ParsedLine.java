package dev.hoshu.chain;

import dev.hoshu.access.Names;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One line of a chained file as a verifier first sees it: a JSON object with well-formed chain fields, or the
 * reason it is not. What each kind of file then requires of it is up to that file's verifier.
 *
 * @param problem why the line is not a chained JSON object, or {@code null} when it is
 */
public record ParsedLine(JsonNode json, ChainedLine.Parts parts, String problem) {

    // Duplicate keys are refused: a second "i" or "k" must not let one line read two ways.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public static ParsedLine of(String text) {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JacksonException e) {
            return new ParsedLine(null, null, "not JSON");
        }
        if (json == null || !json.isObject()) {
            return new ParsedLine(null, null, "not JSON");
        }
        ChainedLine.Parts parts = ChainedLine.split(text);
        if (parts == null) {
            return new ParsedLine(json, null, "no chain hash at the end of the line");
        }
        return new ParsedLine(json, parts, null);
    }

    /** The line's {@code k}, or {@code null} when it has none. */
    public String kind() {
        return text("k");
    }

    public String text(String field) {
        JsonNode value = json.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    /** Why the line's {@code i} is not {@code expected} (deleted, inserted or moved lines), or {@code null}. */
    public String indexProblem(long expected) {
        JsonNode index = json.get("i");
        if (index != null && index.isIntegralNumber() && index.asLong() == expected) {
            return null;
        }
        return "index " + (index == null ? "missing" : Names.printable(index.toString())) + " where " + expected
                + " expected";
    }
}
