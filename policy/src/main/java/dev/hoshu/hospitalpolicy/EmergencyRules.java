package dev.hoshu.hospitalpolicy;

import dev.hoshu.access.Category;
import java.util.List;
import java.util.Set;

/**
 * Whether an engineer may open access without prior approval, for which categories and tools, and for how long;
 * every approver is told at once and the grant is reviewed afterwards.
 */
public record EmergencyRules(boolean enabled, Set<Category> categories, List<String> tools, int maxMinutes) {

    public static final EmergencyRules OFF = new EmergencyRules(false, Set.of(), List.of(), 0);

    public EmergencyRules {
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }
}
