package dev.hoshu.cli.tools;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code hoshu tools catalog}: the published tool versions, revoked ones with who revoked them and why. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "List the published tool versions.")
public final class CatalogCommand implements Callable<Integer> {

    private final CliContext context;

    public CatalogCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Table table = new Table("TOOL", "VERSION", "MANUFACTURER", "KEY", "STATE", "REASON");
        for (JsonNode entry : context.broker().get("/tools").values()) {
            boolean revoked = !entry.path("revokedAt").isNull() && !entry.path("revokedAt").isMissingNode();
            table.row(entry.path("name").asString("?"), entry.path("version").asString("?"),
                    entry.path("manufacturer").asString("-"), entry.path("keyId").asString("-"),
                    revoked ? "revoked by " + entry.path("revokedBy").asString("?") : "published",
                    revoked ? entry.path("revokedReason").asString("-") : "-");
        }
        table.print(context.out());
        return 0;
    }
}
