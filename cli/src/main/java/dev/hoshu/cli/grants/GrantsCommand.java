package dev.hoshu.cli.grants;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import dev.hoshu.cli.TerminalText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code hoshu grants}: the caller's grants (engineer) or the hospital's (approver, auditor, admin). */
@Command(name = "grants", mixinStandardHelpOptions = true, description = "List grants; revoke or review one.",
        subcommands = {RevokeGrantCommand.class, ReviewGrantCommand.class})
public final class GrantsCommand implements Callable<Integer> {

    @Option(names = "--unreviewed", description = "only emergency grants nobody reviewed yet")
    boolean unreviewed;

    private final CliContext context;

    public GrantsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Table table = new Table("ID", "DEVICE", "CATEGORY", "ENGINEER", "TOOLS", "FROM", "UNTIL", "APPROVERS", "STATE");
        for (JsonNode view : context.broker().get("/grants" + (unreviewed ? "?unreviewed=true" : "")).values()) {
            JsonNode grant = view.path("grant");
            List<String> tools = new ArrayList<>();
            grant.path("tools").values().forEach(t -> tools.add(t.asString("")));
            List<String> approvers = new ArrayList<>();
            grant.path("approvers").values().forEach(a -> approvers.add(a.asString("")));
            table.row(text(grant, "id"), text(grant, "device"), text(grant, "category"), text(grant, "engineer"),
                    String.join(",", tools), time(grant.path("notBefore")), time(grant.path("notAfter")),
                    approvers.isEmpty() ? "-" : String.join(",", approvers), state(view, grant));
        }
        table.print(context.out());
        return 0;
    }

    private String state(JsonNode view, JsonNode grant) {
        if (!grant.path("revokedAt").isNull() && !grant.path("revokedAt").isMissingNode()) {
            return "revoked";
        }
        if (grant.path("emergency").asBoolean(false)) {
            return view.path("reviewedBy").isNull() || view.path("reviewedBy").isMissingNode()
                    ? "emergency, unreviewed" : "emergency, reviewed by " + text(view, "reviewedBy");
        }
        Instant end = Instant.parse(grant.path("notAfter").asString(Instant.EPOCH.toString()));
        return context.clock().instant().isBefore(end) ? "live" : "ended";
    }

    private String time(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "-" : context.clockTime(Instant.parse(value.asString()));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? "-" : TerminalText.oneLine(value.asString("-"));
    }
}
