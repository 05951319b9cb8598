package dev.hoshu.cli.accounts;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Reasons;
import dev.hoshu.cli.http.BrokerClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu accounts enable SUBJECT --reason R}. */
@Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable an account; the reason is audited.")
public final class EnableAccountCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SUBJECT")
    String subject;

    @Option(names = "--reason", required = true)
    String reason;

    private final CliContext context;

    public EnableAccountCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Subjects.require(subject);
        Reasons.require(reason);
        JsonNode account = context.broker().post("/accounts/" + BrokerClient.segment(subject) + "/enable",
                JsonMapper.shared().createObjectNode().put("reason", reason));
        context.out().println(AccountLines.after("enabled", account));
        return 0;
    }
}
