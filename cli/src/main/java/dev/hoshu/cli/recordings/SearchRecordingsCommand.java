package dev.hoshu.cli.recordings;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code hoshu recordings search}: finds recordings by who, where, when, what and how it ended. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Find the recordings of your hospital (auditors, approvers); the platform operator sees metadata "
                + "of all. Newest first, one page at a time."})
public final class SearchRecordingsCommand implements Callable<Integer> {

    @Option(names = "--device", paramLabel = "DEVICE") String device;
    @Option(names = "--engineer", paramLabel = "USER") String engineer;
    @Option(names = "--company", paramLabel = "ORG") String company;
    @Option(names = "--since", paramLabel = "TIME", description = "started at or after: 2026-11-21T09:00:00Z, 2026-11-21 (JST midnight) or 24h")
    String since;
    @Option(names = "--until", paramLabel = "TIME", description = "started before, same forms as --since") String until;
    @Option(names = "--command", paramLabel = "TEXT", description = "text in the tool's name or arguments") String command;
    @Option(names = "--exit", paramLabel = "STATUS", description = "the tool's exit status") Integer exit;
    @Option(names = "--page", defaultValue = "0", description = "0-based page (default ${DEFAULT-VALUE})") int page;
    @Option(names = "--size", defaultValue = "20", description = "recordings per page, at most 100 (default ${DEFAULT-VALUE})")
    int size;

    private final CliContext context;

    public SearchRecordingsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Map<String, String> query = new LinkedHashMap<>();
        try {
            put(query, "device", device);
            put(query, "engineer", engineer);
            put(query, "company", company);
            put(query, "from", since == null ? null : time(since).toString());
            put(query, "to", until == null ? null : time(until).toString());
            put(query, "command", command);
            put(query, "exit", exit == null ? null : exit.toString());
        } catch (IllegalArgumentException e) {
            context.err().println("refused: " + e.getMessage());
            return 1;
        }
        query.put("page", String.valueOf(page));
        query.put("size", String.valueOf(size));
        String path = "/recordings?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + BrokerClient.segment(e.getValue())).collect(Collectors.joining("&"));
        List<JsonNode> found = new ArrayList<>();
        context.broker().get(path).values().forEach(found::add);
        if (found.isEmpty()) {
            context.out().println("no recordings match");
            return 0;
        }
        Table table = new Table("SESSION", "STARTED", "HOSPITAL", "DEVICE", "ENGINEER", "COMPANY", "COMMAND", "EXIT",
                "SEALED", "BYTES");
        for (JsonNode r : found) {
            String args = r.path("args").valueStream().map(a -> a.asString("")).collect(Collectors.joining(" "));
            table.row(r.path("session").asString(""), startedOf(r), r.path("hospital").asString(""),
                    r.path("device").asString(""), r.path("engineer").asString(""), r.path("company").asString(""),
                    TerminalText.oneLine((r.path("tool").asString("") + " " + args).strip()),
                    r.path("exit").isNull() || r.path("exit").isMissingNode() ? "-" : r.path("exit").asString(),
                    r.path("sealed").asBoolean(false) ? "yes" : "no", r.path("bytes").asString(""));
        }
        table.print(context.out());
        return 0;
    }

    private Instant time(String text) {
        return SearchTime.parse(text, context.clock().instant(), context.zone());
    }

    private String startedOf(JsonNode recording) {
        try {
            return context.clockTime(Instant.parse(recording.path("started").asString("")));
        } catch (java.time.DateTimeException e) {
            return "?";
        }
    }

    private static void put(Map<String, String> query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.put(name, value);
        }
    }
}
