package dev.hoshu.cli.locks;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Reasons;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.http.ResourceId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hoshu lock session|device|engineer|company ID --reason R [--minutes N]} and {@code hoshu lock hospital
 * --reason R}: cuts remote maintenance at once (live sessions end, grants are revoked) until someone unlocks it.
 */
@Command(name = "lock", mixinStandardHelpOptions = true,
        description = "Cut remote maintenance of a session, device, engineer, company or your whole hospital.")
public final class LockCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "KIND", description = "session, device, engineer, company or hospital")
    String kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID",
            description = "what to lock; not given for hospital (your own)")
    String value;

    @Option(names = "--reason", required = true)
    String reason;

    @Option(names = "--minutes", description = "lift the lock by itself after this many minutes")
    Integer minutes;

    private final CliContext context;

    public LockCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!LockKinds.isKind(kind)) {
            throw new BrokerCallFailed("refused: lock what? say session, device, engineer, company or hospital, not '"
                    + TerminalText.oneLine(kind) + "'");
        }
        if (!"hospital".equals(kind)) {
            if (value == null) {
                throw new BrokerCallFailed("refused: lock " + kind + " needs the " + kind + " id");
            }
            ResourceId.require(kind, value);
        }
        Reasons.require(reason);
        ObjectNode body = JsonMapper.shared().createObjectNode();
        ObjectNode target = body.putObject("target").put("kind", kind);
        if (value != null) {
            target.put("value", value);
        }
        body.put("reason", reason);
        if (minutes != null) {
            body.put("minutes", minutes);
        }
        JsonNode lock = context.broker().post("/locks", body);
        context.out().println("locked " + TerminalText.oneLine(lock.path("target").path("kind").asString(kind)) + " "
                + TerminalText.oneLine(lock.path("target").path("value").asString("")) + " ("
                + TerminalText.oneLine(lock.path("id").asString("?")) + "): ended "
                + lock.path("endedSessions").size() + " session(s), revoked "
                + lock.path("revokedGrants").size() + " grant(s)");
        return 0;
    }
}
