package dev.hoshu.cli.webhooks;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code hoshu webhooks add URL [--event E]…}: registers a receiver and prints its signing secret, once. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Register a receiver for your hospital's access notices; prints the signing secret once.")
public final class AddWebhookCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "URL", description = "https address of the receiver")
    String url;

    @Option(names = "--event", paramLabel = "EVENT",
            description = "request.created, request.approved, request.denied, request.expired, grant.revoked,"
                    + " emergency.opened, session.killed, lock.created, lock.removed, session.stopped,"
                    + " device.switched-off, device.switched-on, report.issued; repeat for more; none given means all")
    List<String> events = new ArrayList<>();

    private final CliContext context;

    public AddWebhookCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ObjectNode body = JsonMapper.shared().createObjectNode().put("url", url);
        events.forEach(body.putArray("events")::add);
        if (events.isEmpty()) {
            body.putArray("events");
        }
        JsonNode registered = context.broker().post("/webhooks", body);
        JsonNode webhook = registered.path("webhook");
        context.out().println("webhook " + TerminalText.oneLine(webhook.path("id").asString("?")) + " of "
                + TerminalText.oneLine(webhook.path("hospital").asString("?")) + " registered for "
                + Events.describe(webhook.path("events")) + " events: "
                + TerminalText.oneLine(webhook.path("url").asString(url)));
        context.out().println("secret " + TerminalText.oneLine(registered.path("secret").asString("?")));
        context.out().println("(shown only now: give it to the receiver, which checks each Hoshu-Signature with it)");
        return 0;
    }
}
