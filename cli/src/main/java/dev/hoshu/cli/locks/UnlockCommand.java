package dev.hoshu.cli.locks;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Reasons;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu unlock l-… --reason R}: lifts a lock; the reason is kept with it and in the audit log. */
@Command(name = "unlock", mixinStandardHelpOptions = true, description = "Lift a lock (approvers and hospital admins).")
public final class UnlockCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "LOCK_ID")
    String lockId;

    @Option(names = "--reason", required = true)
    String reason;

    private final CliContext context;

    public UnlockCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("lock", lockId);
        Reasons.require(reason);
        JsonNode lock = context.broker().delete("/locks/" + BrokerClient.segment(lockId),
                JsonMapper.shared().createObjectNode().put("reason", reason));
        context.out().println("unlocked " + TerminalText.oneLine(lock.path("id").asString(lockId)) + " ("
                + TerminalText.oneLine(lock.path("target").path("kind").asString("?")) + " "
                + TerminalText.oneLine(lock.path("target").path("value").asString("")) + ")");
        return 0;
    }
}
