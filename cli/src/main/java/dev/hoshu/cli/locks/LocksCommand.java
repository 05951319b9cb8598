package dev.hoshu.cli.locks;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code hoshu locks}: the locks standing now at the caller's hospital. */
@Command(name = "locks", mixinStandardHelpOptions = true, description = "List the locks standing at your hospital.")
public final class LocksCommand implements Callable<Integer> {

    private final CliContext context;

    public LocksCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Table table = new Table("ID", "TARGET", "BY", "SINCE", "UNTIL", "REASON");
        for (JsonNode lock : context.broker().get("/locks").values()) {
            table.row(lock.path("id").asString("-"),
                    lock.path("target").path("kind").asString("?") + " " + lock.path("target").path("value").asString(""),
                    lock.path("by").asString("-"), time(lock.path("createdAt").asString("")),
                    lock.path("expiresAt").isNull() || lock.path("expiresAt").isMissingNode() ? "unlocked by hand"
                            : time(lock.path("expiresAt").asString("")),
                    lock.path("reason").asString("-"));
        }
        table.print(context.out());
        return 0;
    }

    private String time(String iso) {
        try {
            return context.clockTime(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
