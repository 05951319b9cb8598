package dev.hoshu.cli.access;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hoshu approve}: an approver of the device's hospital turns a request into a grant. */
@Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve an access request (approvers of the device's hospital).")
public final class ApproveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REQUEST_ID")
    String requestId;

    private final CliContext context;

    public ApproveCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("request", requestId);
        JsonNode answer = context.broker().post("/requests/" + BrokerClient.segment(requestId) + "/approve",
                JsonMapper.shared().createObjectNode());
        JsonNode grant = answer.path("grant");
        context.out().println("approved " + TerminalText.oneLine(answer.path("request").path("id").asString(requestId))
                + ": grant " + TerminalText.oneLine(grant.path("id").asString("?"))
                + " for " + TerminalText.oneLine(grant.path("engineer").asString("?"))
                + " on " + TerminalText.oneLine(grant.path("device").asString("?"))
                + " until " + until(grant.path("notAfter").asString("")));
        return 0;
    }

    private String until(String notAfter) {
        try {
            return context.clockTime(Instant.parse(notAfter));
        } catch (DateTimeParseException e) {
            return TerminalText.oneLine(notAfter);
        }
    }
}
