package dev.hoshu.cli.session;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code hoshu sessions}: live sessions the caller may see. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "List live maintenance sessions.",
        subcommands = JoinSessionCommand.class)
public final class SessionsCommand implements Callable<Integer> {

    private final CliContext context;

    public SessionsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Table table = new Table("ID", "ENGINEER", "DEVICE", "COMMAND", "STARTED", "STATE", "OBSERVERS");
        for (JsonNode session : context.broker().get("/sessions").values()) {
            List<String> observers = session.path("observers").valueStream().map(o -> o.asString("?")).toList();
            table.row(session.path("id").asString("-"), session.path("engineer").asString("-"),
                    session.path("device").asString("-"), session.path("command").asString("-"),
                    started(session.path("startedAt").asString("")), session.path("state").asString("live"),
                    observers.isEmpty() ? "-" : String.join(",", observers));
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
