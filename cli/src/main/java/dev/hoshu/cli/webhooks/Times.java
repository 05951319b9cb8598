package dev.hoshu.cli.webhooks;

import dev.hoshu.cli.CliContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/** An instant from the API in the hospital's clock, or "-" when there is none. */
final class Times {

    private Times() {
    }

    static String shown(CliContext context, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "-";
        }
        try {
            return context.clockTime(Instant.parse(value.asString("")));
        } catch (DateTimeParseException e) {
            return value.asString("-");
        }
    }
}
