package dev.hoshu.cli.policy;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code hoshu policy show [HOSPITAL]}: the policy in force, with its version. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show the policy in force.")
public final class ShowPolicyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOSPITAL", arity = "0..1", description = "default: your own hospital")
    String hospital;

    private final CliContext context;

    public ShowPolicyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JsonNode view = context.broker().get("/policies" + (hospital == null ? "" : "/" + BrokerClient.segment(hospital)));
        int version = view.path("version").asInt(0);
        String who = TerminalText.oneLine(view.path("hospital").asString("?"));
        if (version == 0) {
            context.out().println("# " + who + " has no policy of its own: the secure default holds (one approver"
                    + " per category, at most 480 minutes, any time, no patient data, no emergency access)");
            return 0;
        }
        context.out().println("# policy of " + who + ", version " + version + ", applied by "
                + TerminalText.oneLine(view.path("appliedBy").asString("?")) + " at "
                + TerminalText.oneLine(view.path("appliedAt").asString("?")));
        context.out().print(view.path("yaml").asString(""));
        return 0;
    }
}
