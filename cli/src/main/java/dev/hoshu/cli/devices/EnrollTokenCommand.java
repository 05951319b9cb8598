package dev.hoshu.cli.devices;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu enroll-token}: a one-time join token with which a device's agent enrolls. */
@Command(name = "enroll-token", mixinStandardHelpOptions = true,
        description = {"Create a one-time join token for a device of your hospital (hospital admins).",
                "Give it to whoever installs the agent: device-agent enroll --broker HOST:7443 --token TOKEN"})
public final class EnrollTokenCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEVICE")
    String device;

    @Option(names = "--quiet", description = "print the token only, for scripts")
    boolean quiet;

    private final CliContext context;

    public EnrollTokenCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.requireDevice(device);
        JsonNode answer = context.broker().post("/devices/" + BrokerClient.segment(device) + "/join-tokens",
                JsonMapper.shared().createObjectNode());
        String token = answer.path("token").asString("");
        if (token.isBlank()) {
            throw new BrokerCallFailed("the broker answered no join token for " + device);
        }
        if (quiet) {
            context.out().println(token);
        } else {
            Instant expires = Instant.parse(answer.path("expiresAt").asString());
            context.out().println("join token for " + device + ", one use, valid until "
                    + TerminalText.oneLine(context.clockTime(expires)) + ":");
            context.out().println(token);
        }
        return 0;
    }
}
