package dev.hoshu.cli.session;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code hoshu sessions}: live sessions the caller may see. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "List live maintenance sessions.")
public final class SessionsCommand implements Callable<Integer> {

    private final CliContext context;

    public SessionsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Table table = new Table("ID", "ENGINEER", "DEVICE", "COMMAND", "STARTED");
        for (JsonNode session : context.broker().get("/sessions").values()) {
            table.row(session.path("id").asString("-"), session.path("engineer").asString("-"),
                    session.path("device").asString("-"), session.path("command").asString("-"),
                    started(session.path("startedAt").asString("")));
        }
        table.print(context.out());
        return 0;
    }

    private String started(String startedAt) {
        try {
            return context.clockTime(Instant.parse(startedAt));
        } catch (DateTimeParseException e) {
            return startedAt;
        }
    }
}
