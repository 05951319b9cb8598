package dev.hoshu.org;

import java.time.Instant;
import java.util.List;

/**
 * A manufacturer's consent that a company uses some of its tools (REQ-TOOL-1, REQ-CAT-3), from when until when.
 *
 * @param until the first instant the contract no longer holds
 */
public record ToolContract(String id, String manufacturer, String company, List<String> tools, Instant from,
                           Instant until, String registeredBy) {

    public ToolContract {
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public boolean liveAt(Instant now) {
        return !now.isBefore(from) && now.isBefore(until);
    }
}
