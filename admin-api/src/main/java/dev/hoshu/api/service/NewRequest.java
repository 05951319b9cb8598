package dev.hoshu.api.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.hoshu.access.Category;
import java.time.Instant;
import java.util.List;

/**
 * What an engineer asks for: a device, a work category, the tools, why and for how long, and optionally a work-order
 * reference, a later start and access to patient data.
 */
public record NewRequest(String device, Category category, List<String> tools, String reason, int durationMinutes,
                         String workOrder, Instant start, Boolean patientData) {

    @JsonCreator
    public NewRequest {
        tools = tools == null ? List.of() : List.copyOf(tools);
        // Absent means not asked for (REQ-ACC-2: off unless asked).
        patientData = Boolean.TRUE.equals(patientData);
    }

    public NewRequest(String device, Category category, List<String> tools, String reason, int durationMinutes) {
        this(device, category, tools, reason, durationMinutes, null, null, false);
    }
}
