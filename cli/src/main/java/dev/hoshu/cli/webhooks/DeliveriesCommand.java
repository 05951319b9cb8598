package dev.hoshu.cli.webhooks;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code hoshu webhooks deliveries ID}: the newest deliveries of a subscription, failures with their last error. */
@Command(name = "deliveries", mixinStandardHelpOptions = true,
        description = "Show a webhook's deliveries: status, attempts, last error, next attempt.")
public final class DeliveriesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    private final CliContext context;

    public DeliveriesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("webhook", id);
        Table table = new Table("DELIVERY", "EVENT", "STATUS", "ATTEMPTS", "CREATED", "NEXT", "LAST ERROR");
        for (JsonNode delivery : context.broker().get("/webhooks/" + BrokerClient.segment(id) + "/deliveries").values()) {
            table.row(delivery.path("id").asString("-"), delivery.path("event").asString("-"),
                    delivery.path("status").asString("-"), Integer.toString(delivery.path("attempts").asInt(0)),
                    Times.shown(context, delivery.path("createdAt")), Times.shown(context, delivery.path("nextAttemptAt")),
                    delivery.path("lastError").isNull() ? "-" : delivery.path("lastError").asString("-"));
        }
        table.print(context.out());
        return 0;
    }
}
