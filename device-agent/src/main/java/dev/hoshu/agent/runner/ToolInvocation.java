package dev.hoshu.agent.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the broker asks the agent to run, as the exec request's JSON
 * {@code {"session":"s-…","tool":"status","args":["--verbose"]}}. Parsing is strict: exactly these
 * fields with exactly these types, so nothing else can ride along.
 *
 * @param session the broker's session id, for logs and the tool's {@code HOSHU_SESSION}
 * @param tool    the tool's name as sent; its shape is checked by the runner, which refuses it visibly
 * @param revoked the versions of this tool the broker's catalog has revoked, sent with every run (ADR 0020)
 * @param trustedKeys the manufacturer key ids the device's hospital trusts, or {@code null} when it listed none
 */
public record ToolInvocation(String session, String tool, List<String> args, List<String> revoked,
                             List<String> trustedKeys) {

    static final int MAX_JSON_CHARS = 64 * 1024;
    static final int MAX_ARGS = 256;
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    private static final Set<String> FIELDS = Set.of("session", "tool", "args", "revoked", "trustedKeys");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public ToolInvocation {
        args = List.copyOf(args);
        revoked = List.copyOf(revoked);
        trustedKeys = trustedKeys == null ? null : List.copyOf(trustedKeys);
    }

    public ToolInvocation(String session, String tool, List<String> args) {
        this(session, tool, args, List.of(), null);
    }

    /** @throws MalformedInvocationException if {@code command} is anything but the expected JSON object */
    public static ToolInvocation parse(String command) throws MalformedInvocationException {
        if (command == null || command.length() > MAX_JSON_CHARS) {
            throw new MalformedInvocationException();
        }
        JsonNode json;
        try {
            json = JSON.readTree(command);
        } catch (JacksonException e) {
            throw new MalformedInvocationException();
        }
        if (json == null || !json.isObject() || !FIELDS.containsAll(json.propertyNames())) {
            throw new MalformedInvocationException();
        }
        String session = string(json.get("session"));
        String tool = string(json.get("tool"));
        if (!SESSION_ID.matcher(session).matches()) {
            throw new MalformedInvocationException();
        }
        return new ToolInvocation(session, tool, strings(json.get("args")), strings(json.get("revoked")),
                json.has("trustedKeys") ? strings(json.get("trustedKeys")) : null);
    }

    private static String string(JsonNode node) throws MalformedInvocationException {
        if (node == null || !node.isString()) {
            throw new MalformedInvocationException();
        }
        return node.stringValue();
    }

    private static List<String> strings(JsonNode node) throws MalformedInvocationException {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_ARGS) {
            throw new MalformedInvocationException();
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode element : node.values()) {
            values.add(string(element));
        }
        return values;
    }
}
