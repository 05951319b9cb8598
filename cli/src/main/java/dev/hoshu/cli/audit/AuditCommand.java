package dev.hoshu.cli.audit;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code hoshu audit}: the audit events the logged-in auditor, hospital admin or operator may read. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"List audit events: your hospital's (auditors, hospital admins) or all without details (operator).",
                "Times are ISO-8601 UTC, e.g. 2026-11-21T00:00:00Z."},
        subcommands = {VerifyAuditCommand.class})
public final class AuditCommand implements Callable<Integer> {

    /** How the events are printed. */
    enum Format { TABLE, JSONL, SYSLOG }

    @Option(names = "--since", paramLabel = "TIME", description = "events at or after this time")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "events before this time")
    String until;

    @Option(names = "--action", paramLabel = "PREFIX", description = "only actions starting with this, e.g. request.")
    String action;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "TABLE",
            description = "table (default), jsonl or syslog (RFC 5424)")
    Format format;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    @Spec
    private CommandSpec spec;

    private final CliContext context;

    public AuditCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        checkTime("--since", since);
        checkTime("--until", until);
        if (format == Format.TABLE) {
            printTable(context.broker().get("/audit" + query(Map.of())));
        } else {
            byte[] lines = context.broker().download("/audit/export" + query(Map.of("format", format.name().toLowerCase(Locale.ROOT))));
            context.out().print(new String(lines, StandardCharsets.UTF_8));
            context.out().flush();
        }
        return 0;
    }

    private void printTable(JsonNode events) {
        Table table = new Table("AT", "ACTION", "OUTCOME", "ACTOR", "HOSPITAL", "TARGET", "REASON");
        for (JsonNode event : events.values()) {
            table.row(at(event.path("at").asString("")), event.path("action").asString("-"),
                    event.path("outcome").asString("-"), event.path("actor").asString("-"),
                    event.path("hospital").asString("-"), event.path("target").asString("-"),
                    event.path("reason").asString(""));
        }
        table.print(context.out());
    }

    /** With the date, since an audit log spans days; in the hospitals' zone like every time the CLI shows. */
    private String at(String at) {
        try {
            return WHEN.withZone(context.zone()).format(Instant.parse(at));
        } catch (DateTimeParseException e) {
            return at;
        }
    }

    private String query(Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>();
        putIfSet(params, "since", since);
        putIfSet(params, "until", until);
        putIfSet(params, "action", action);
        params.putAll(extra);
        return params.isEmpty() ? "" : "?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static void putIfSet(Map<String, String> params, String name, String value) {
        if (value != null && !value.isBlank()) {
            params.put(name, value);
        }
    }

    /** Caught here, so a mistyped time is one line before any call to the broker. */
    private void checkTime(String option, String value) {
        if (value == null) {
            return;
        }
        try {
            Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be an ISO-8601 UTC time such as 2026-11-21T00:00:00Z");
        }
    }
}
