package dev.hoshu.cli.policy;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu policy apply FILE}: checked here first, then applied by the broker as the next version. */
@Command(name = "apply", mixinStandardHelpOptions = true, description = "Apply a policy document (hospital admins).")
public final class ApplyPolicyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    private final CliContext context;

    public ApplyPolicyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PolicyFile checked = PolicyFile.read(file);
        JsonNode view = context.broker().put("/policies",
                JsonMapper.shared().createObjectNode().put("yaml", checked.text()));
        context.out().println("policy of " + TerminalText.oneLine(view.path("hospital").asString("?"))
                + " is now version " + view.path("version").asInt(0));
        view.path("diff").values().forEach(line -> context.out().println("  " + TerminalText.oneLine(line.asString(""))));
        return 0;
    }
}
