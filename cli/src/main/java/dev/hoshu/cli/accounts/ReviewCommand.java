package dev.hoshu.cli.accounts;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code hoshu accounts review [--dormant-days N]}: who holds which role, dormant engineers and disables flagged. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Who holds which role; engineers idle for --dormant-days are flagged DORMANT.")
public final class ReviewCommand implements Callable<Integer> {

    @Option(names = "--dormant-days", paramLabel = "N", defaultValue = "90",
            description = "an engineer idle this many days is dormant (default ${DEFAULT-VALUE})")
    int dormantDays;

    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final CliContext context;

    public ReviewCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JsonNode review = context.broker().get("/accounts/review?dormant-days=" + dormantDays);
        Table table = new Table("SUBJECT", "ORG", "ROLES", "NAME", "LAST ACTIVE", "LAST SSH", "HOSPITALS", "FLAGS");
        for (JsonNode account : review.path("accounts").values()) {
            table.row(account.path("subject").asString("-"), account.path("organisation").asString("-"),
                    join(account.path("roles")), account.path("displayName").asString("-"),
                    time(account.path("lastActive")), time(account.path("lastSshSession")),
                    join(account.path("hospitals")), flags(account));
        }
        table.print(context.out());
        return 0;
    }

    private static String flags(JsonNode account) {
        List<String> flags = new ArrayList<>();
        if (account.path("dormant").asBoolean(false)) {
            flags.add("DORMANT");
        }
        for (JsonNode disable : account.path("disabled").values()) {
            String scope = disable.path("scope").asString("?");
            flags.add("DISABLED" + ("everywhere".equals(scope) ? "" : " at " + scope) + " by "
                    + disable.path("by").asString("?") + ": " + disable.path("reason").asString(""));
        }
        return String.join("; ", flags);
    }

    private static String join(JsonNode list) {
        List<String> items = new ArrayList<>();
        list.values().forEach(item -> items.add(item.asString("?")));
        return items.isEmpty() ? "-" : String.join(",", items);
    }

    private String time(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return "-";
        }
        try {
            // Dormancy is counted in days: the date matters more than the hour.
            return DAY_AND_TIME.withZone(context.zone()).format(Instant.parse(value.asString("")));
        } catch (DateTimeParseException e) {
            return value.asString("-");
        }
    }
}
