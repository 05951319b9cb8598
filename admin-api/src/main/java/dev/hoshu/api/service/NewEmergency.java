package dev.hoshu.api.service;

import dev.hoshu.access.Category;
import java.util.List;

/** An engineer's emergency access: no approval first, reviewed afterwards. */
public record NewEmergency(String device, Category category, List<String> tools, String reason, int durationMinutes) {

    public NewEmergency {
        tools = tools == null ? List.of() : List.copyOf(tools);
    }
}
