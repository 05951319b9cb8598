package dev.hoshu.audit;

import dev.hoshu.chain.ChainedLine;
import java.time.Instant;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;

/**
 * Produces the lines of one audit log file, each chained to the one before by the recordings' rule
 * ({@link ChainedLine}); the header carries the last hash of the previous file, so the files chain too.
 * It does no I/O, so the caller decides when a line is durable; it is not thread-safe.
 */
public final class AuditLogChain {

    static final String HEADER_KIND = "audit-header";
    static final String EVENT_KIND = "audit";

    private final String headerLine;
    private String lastHash;
    private long nextIndex;

    private AuditLogChain(String headerLine, String lastHash, long nextIndex) {
        this.headerLine = headerLine;
        this.lastHash = lastHash;
        this.nextIndex = nextIndex;
    }

    /**
     * A new file.
     *
     * @param previous the {@code h} of the previous file's last line, or {@code null} for the very first file
     */
    public static AuditLogChain start(String node, Instant started, String previous) {
        String body = ChainedLine.body(json -> {
            json.writeNumberProperty("v", 1);
            json.writeStringProperty("k", HEADER_KIND);
            json.writeStringProperty("node", node);
            json.writeStringProperty("started", started.toString());
            writeNullable(json, "previous", previous);
        });
        String hash = ChainedLine.firstHash(body);
        return new AuditLogChain(ChainedLine.line(body, hash), hash, 1);
    }

    /** Continues a file that already holds lines, e.g. after a restart: its last hash and next event index. */
    public static AuditLogChain resume(String lastHash, long nextIndex) {
        return new AuditLogChain(null, lastHash, nextIndex);
    }

    /** Line 1 of a file begun with {@link #start}; {@code null} for a resumed one. */
    public String headerLine() {
        return headerLine;
    }

    /** The next line: the event stamped with its index and time. */
    public String append(AuditEvent event, Instant at) {
        long index = nextIndex;
        String body = ChainedLine.body(json -> {
            json.writeNumberProperty("i", index);
            json.writeStringProperty("at", at.toString());
            json.writeStringProperty("k", EVENT_KIND);
            json.writeStringProperty("action", event.action());
            writeNullable(json, "actor", event.actor());
            writeNullable(json, "org", event.organisation());
            writeNullable(json, "hospital", event.hospital());
            writeNullable(json, "target", event.target());
            json.writeStringProperty("outcome", AuditEntry.outcomeName(event.outcome()));
            writeNullable(json, "reason", event.reason());
            json.writeObjectPropertyStart("details");
            // Sorted, so the same event always gives the same bytes.
            new TreeMap<>(event.details()).forEach((k, v) -> writeNullable(json, k, v));
            json.writeEndObject();
        });
        lastHash = ChainedLine.nextHash(lastHash, body);
        nextIndex++;
        return ChainedLine.line(body, lastHash);
    }

    /** The hash of the last line produced, which the next line (or the next file's header) chains to. */
    public String lastHash() {
        return lastHash;
    }

    private static void writeNullable(JsonGenerator json, String name, String value) {
        json.writeName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }
}
