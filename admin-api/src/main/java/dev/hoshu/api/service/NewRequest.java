package dev.hoshu.api.service;

import dev.hoshu.access.Category;
import java.util.List;

/** What an engineer asks for: a device, a work category, the tools, why and for how long. */
public record NewRequest(String device, Category category, List<String> tools, String reason, int durationMinutes) {

    public NewRequest {
        tools = tools == null ? List.of() : List.copyOf(tools);
    }
}
