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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code hoshu approve}: an approver of the device's hospital turns a request into a grant. */
@Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve an access request (approvers of the device's hospital).")
public final class ApproveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REQUEST_ID")
    String requestId;

    @Option(names = "--start", paramLabel = "TIME",
            description = "the grant starts later: 2026-11-21T10:00 (hospital time) or an ISO instant")
    String start;

    private final CliContext context;

    public ApproveCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("request", requestId);
        ObjectNode body = JsonMapper.shared().createObjectNode();
        if (start != null) {
            body.put("start", StartTime.parse(start).toString());
        }
        JsonNode answer = context.broker().post("/requests/" + BrokerClient.segment(requestId) + "/approve", body);
        JsonNode grant = answer.path("grant");
        if (grant.isNull() || grant.isMissingNode()) {
            int given = answer.path("request").path("approvals").size();
            int needed = answer.path("approvalsNeeded").asInt(0);
            context.out().println("approval " + given + " of " + needed + " recorded for "
                    + TerminalText.oneLine(answer.path("request").path("id").asString(requestId))
                    + "; no grant yet: " + (needed - given) + " more distinct approver"
                    + (needed - given == 1 ? "" : "s") + " needed");
            return 0;
        }
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
