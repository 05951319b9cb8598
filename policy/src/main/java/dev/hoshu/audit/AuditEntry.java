package dev.hoshu.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One event as read back from the audit log: its place in its file, when the broker stamped it, which
 * node wrote it, and the event itself.
 *
 * @param index the event's {@code i}: 1 on line 2 of its file, and so on
 * @param node  the broker node named by the file's header
 */
public record AuditEntry(long index, Instant at, String node, AuditEvent event) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The same entry with {@code details} left out, for readers who may see that an act happened but not its facts. */
    public AuditEntry withoutDetails() {
        AuditEvent e = event;
        return new AuditEntry(index, at, node, new AuditEvent(e.action(), e.actor(), e.organisation(), e.hospital(),
                e.target(), e.outcome(), e.reason(), Map.of()));
    }

    static String outcomeName(AuditEvent.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads an event line of the log (not the header).
     *
     * @throws IllegalArgumentException when the line is not an audit event
     */
    public static AuditEntry parse(String line, String node) {
        JsonNode json;
        try {
            json = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (json == null || !json.isObject() || !AuditLogChain.EVENT_KIND.equals(text(json, "k"))
                || !json.path("i").isIntegralNumber()) {
            throw new IllegalArgumentException("not an audit event");
        }
        AuditEvent.Outcome outcome = "refused".equals(text(json, "outcome"))
                ? AuditEvent.Outcome.REFUSED : AuditEvent.Outcome.ALLOWED;
        Map<String, String> details = new LinkedHashMap<>();
        json.path("details").properties().forEach(field -> {
            if (field.getValue().isString()) {
                details.put(field.getKey(), field.getValue().asString());
            }
        });
        AuditEvent event = new AuditEvent(text(json, "action"), text(json, "actor"), text(json, "org"),
                text(json, "hospital"), text(json, "target"), outcome, text(json, "reason"), details);
        return new AuditEntry(json.get("i").asLong(), Instant.parse(text(json, "at")), node, event);
    }

    /** The {@code node} of a header line, or {@code null} when the line is not an audit header. */
    public static String headerNode(String line) {
        try {
            JsonNode json = JSON.readTree(line);
            return json != null && AuditLogChain.HEADER_KIND.equals(text(json, "k")) ? text(json, "node") : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
