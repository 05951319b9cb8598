package dev.hoshu.tunnel.control;

import dev.hoshu.access.Names;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the broker tells the agent about one transfer session, as the SFTP channel's {@value #ENV} variable
 * (only the broker's pinned key logs in here, so the value is the broker's word, checked for shape).
 *
 * @param tools       the tools the grant names; only their manifests' folders are served
 * @param patientData whether the grant allows patient data
 */
public record TransferContext(String session, List<String> tools, boolean patientData) {

    public static final String ENV = "HOSHU_TRANSFER";
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
    }

    /** @throws IllegalArgumentException with one line when absent or malformed */
    public static TransferContext parse(String json) {
        if (json == null || json.length() > 8192) {
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
