package dev.hoshu.cli.recordings;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code hoshu recordings keys}: every key that ever sealed a recording, so old recordings still verify. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"List the recording seal keys the broker publishes: the current one and every retired one.",
                "verify and bundle pick the key a recording's header names from this list."},
        subcommands = RotateSealKeyCommand.class)
public final class SealKeysCommand implements Callable<Integer> {

    private final CliContext context;

    public SealKeysCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        print(context.broker().get("/recordings/keys"), context.out());
        return 0;
    }

    static void print(JsonNode answer, PrintWriter out) {
        Table table = new Table("KEY", "STATUS", "SINCE", "RETIRED");
        for (JsonNode key : answer.path("keys").values()) {
            table.row(key.path("id").asString(""), key.path("status").asString(""), key.path("since").asString(""),
                    key.path("retired").isNull() ? "-" : key.path("retired").asString("-"));
        }
        table.print(out);
    }
}
