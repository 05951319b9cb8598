package dev.hoshu.cli.evidence;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.http.ResourceId;
import dev.hoshu.cli.recordings.SearchTime;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code hoshu evidence timeline --device CT-01 --since 7d [--until …] [--json]}: the incident timeline of one device
 * or engineer, from the audit log and the recordings; {@code --json} prints the broker's answer as is.
 */
@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = "Incident timeline of one device or engineer: sessions, commands, exits, cuts, approvals.")
public final class TimelineCommand implements Callable<Integer> {

    static final class Subject {
        @Option(names = "--device", paramLabel = "DEVICE")
        String device;

        @Option(names = "--engineer", paramLabel = "USER")
        String engineer;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    @Option(names = "--since", required = true, description = "2026-11-21T09:00:00Z, 2026-11-21 or an age: 24h, 7d")
    String since;

    @Option(names = "--until", description = "as --since (default: now)")
    String until;

    @Option(names = "--json", description = "print the timeline as JSON")
    boolean json;

    private final CliContext context;

    public TimelineCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Instant now = context.clock().instant();
        Instant from;
        Instant to;
        try {
            from = SearchTime.parse(since, now, context.zone());
            to = until == null ? now : SearchTime.parse(until, now, context.zone());
        } catch (IllegalArgumentException e) {
            throw new BrokerCallFailed("refused: " + e.getMessage());
        }
        String query = subject.device != null ? "device=" + encode(ResourceId.requireDevice(subject.device))
                : "engineer=" + encode(subject.engineer);
        JsonNode timeline = context.broker().get("/evidence/timeline?" + query + "&from=" + encode(from.toString())
                + "&to=" + encode(to.toString()));
        if (json) {
            context.out().println(timeline.toString());
            return 0;
        }
        Table table = new Table("TIME", "SOURCE", "WHAT", "WHO", "TARGET", "OUTCOME", "DETAILS");
        for (JsonNode entry : timeline.path("entries").values()) {
            table.row(context.clockTime(Instant.parse(entry.path("at").asString())), entry.path("source").asString("-"),
                    entry.path("kind").asString("-"), entry.path("actor").asString("-"),
                    entry.path("target").asString("-"), entry.path("outcome").asString("-"),
                    entry.path("details").properties().stream().map(Map.Entry::getKey)
                            .map(key -> key + "=" + entry.path("details").path(key).asString(""))
                            .collect(Collectors.joining(" ")));
        }
        table.print(context.out());
        return 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
