package dev.hoshu.broker.gateway;

import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the device's exec channel carries: a tool and its argv as JSON, never a shell line, and the versions of
 * that tool the catalog has revoked, which the agent refuses to run, and the manufacturer keys the
 * device's hospital trusts ({@code null}: the hospital listed none) (ADR 0020).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ToolInvocation(String session, String tool, List<String> args, List<String> revoked,
                      List<String> trustedKeys) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    ToolInvocation {
        args = List.copyOf(args);
        revoked = List.copyOf(revoked);
        trustedKeys = trustedKeys == null ? null : List.copyOf(trustedKeys);
    }

    byte[] toJson() {
        return JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
    }
}
