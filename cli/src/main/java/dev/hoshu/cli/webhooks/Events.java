package dev.hoshu.cli.webhooks;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A subscription's events as one cell: an empty list means every event. */
final class Events {

    private Events() {
    }

    static String describe(JsonNode events) {
        List<String> names = new ArrayList<>();
        events.values().forEach(event -> names.add(event.asString("?")));
        return names.isEmpty() ? "all" : String.join(",", names);
    }
}
