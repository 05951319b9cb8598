package dev.hoshu.cli.devices;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Reasons;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu decommission}: takes a device out of service; its tunnel and sessions end at once. */
@Command(name = "decommission", mixinStandardHelpOptions = true,
        description = {"Take a device of your hospital out of service (hospital admins).",
                "Its tunnel closes and its sessions end now; it cannot reconnect or renew its certificate.",
                "Only a new join token and enrollment bring it back."})
public final class DecommissionCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEVICE")
    String device;

    @Option(names = "--reason", required = true, description = "why; shown to engineers whose sessions end")
    String reason;

    private final CliContext context;

    public DecommissionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.requireDevice(device);
        Reasons.require(reason);
        JsonNode answer = context.broker().post("/devices/" + BrokerClient.segment(device) + "/decommission",
                JsonMapper.shared().createObjectNode().put("reason", reason));
        if (!"DECOMMISSIONED".equals(answer.path("status").asString(""))) {
            throw new BrokerCallFailed("decommissioning of " + device + " not confirmed by the broker");
        }
        context.out().println("decommissioned " + TerminalText.oneLine(answer.path("id").asString(device))
                + ": its tunnel is closed and it can no longer connect");
        return 0;
    }
}
