package dev.hoshu.tunnel.control;

import dev.hoshu.access.Names;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the broker tells the agent about one transfer session, as the SFTP channel's {@value #ENV} variable
 * (only the broker's pinned key logs in here, so the value is the broker's word, checked for shape).
 *
 * @param tools       the tools the grant names; only their manifests' folders are served
 * @param patientData whether the grant allows patient data
 * @param revoked     per tool, the versions the catalog has revoked (ADR 0020): such a tool's folders are closed
 * @param trustedKeys the manufacturer key ids the device's hospital trusts, {@code null} when it listed none
 */
public record TransferContext(String session, List<String> tools, boolean patientData,
                              Map<String, List<String>> revoked, List<String> trustedKeys) {

    public static final String ENV = "HOSHU_TRANSFER";
    /** As a tool invocation: room for the revoked versions of every granted tool and the hospital's keys. */
    static final int MAX_JSON_CHARS = 64 * 1024;
    private static final int MAX_LIST = 256;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public TransferContext {
        if (session == null || !session.matches("s-[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("transfer session id " + Names.quoted(session) + " is not valid");
        }
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (tools.isEmpty() || tools.size() > 64 || !tools.stream().allMatch(Names::isToolName)) {
            throw new IllegalArgumentException("transfer names no valid tools");
        }
        revoked = revoked == null ? Map.of() : Map.copyOf(revoked);
        if (revoked.size() > tools.size() || revoked.values().stream().anyMatch(v -> v == null || v.size() > MAX_LIST)) {
            throw new IllegalArgumentException("transfer context's revoked versions are malformed");
        }
        revoked = revoked.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        if (trustedKeys != null && trustedKeys.size() > MAX_LIST) {
            throw new IllegalArgumentException("transfer context lists too many trusted keys");
        }
        trustedKeys = trustedKeys == null ? null : List.copyOf(trustedKeys);
    }

    /** Without catalog facts: nothing revoked, no hospital list (tests of other features). */
    public TransferContext(String session, List<String> tools, boolean patientData) {
        this(session, tools, patientData, Map.of(), null);
    }

    /** The revoked versions of one granted tool. */
    public List<String> revokedVersionsOf(String tool) {
        return revoked.getOrDefault(tool, List.of());
    }

    /** @throws IllegalArgumentException with one line when absent or malformed */
    public static TransferContext parse(String json) {
        if (json == null || json.length() > MAX_JSON_CHARS) {
            throw new IllegalArgumentException("refused: file transfer without a session context from the broker");
        }
        try {
            return JSON.readValue(json, TransferContext.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("refused: unreadable transfer context");
        }
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }
}
