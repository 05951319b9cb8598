package dev.hoshu.cli.tools;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.tools.HospitalKeyTrust;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu tools trust KEY-ID}: changes the manufacturer keys the caller's hospital trusts. */
@Command(name = "trust", mixinStandardHelpOptions = true, description = "Let your hospital's devices run tools signed by this manufacturer key (hospital admins).")
public final class TrustKeyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "KEY-ID", description = "sha256:… as hoshu tools catalog shows it")
    String keyId;

    private final CliContext context;

    public TrustKeyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try {
            HospitalKeyTrust.checkedKeyId(keyId);
        } catch (IllegalArgumentException e) {
            // Checked here too: a '/' in a path segment would be refused by the HTTP layer without a word.
            context.err().println(TerminalText.oneLine(e.getMessage()));
            return ToolsCommand.REFUSED;
        }
        JsonNode list = context.broker().put("/tools/trust/" + BrokerClient.segment(keyId), JsonMapper.shared().createObjectNode());
        StringBuilder keys = new StringBuilder();
        for (JsonNode key : list.path("keyIds").values()) {
            keys.append(keys.isEmpty() ? "" : ", ").append(TerminalText.oneLine(key.asString("?")));
        }
        context.out().println(TerminalText.oneLine(list.path("hospital").asString("?")) + " trusts "
                + (keys.isEmpty() ? "no manufacturer key: no tool runs" : keys));
        return 0;
    }
}
