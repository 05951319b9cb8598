package dev.hoshu.cli.recordings;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Reasons;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu recordings keys rotate --reason R}: a new seal key for new recordings; the old one stays published. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Replace the key that seals new recordings (platform operators). Recordings sealed before, and"
                + " sessions still running, keep verifying under the retired key, which stays published."})
public final class RotateSealKeyCommand implements Callable<Integer> {

    @Option(names = "--reason", required = true, description = "why, for the audit log")
    String reason;

    private final CliContext context;

    public RotateSealKeyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Reasons.require(reason);
        SealKeysCommand.print(context.broker().post("/recordings/keys/rotate",
                JsonMapper.shared().createObjectNode().put("reason", reason)), context.out());
        return 0;
    }
}
