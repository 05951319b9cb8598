package dev.hoshu.cli.webhooks;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code hoshu webhooks}: lists the hospital's subscriptions; its subcommands add and remove them. */
@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "Webhook subscriptions for access notices (hospital admins).",
        subcommands = {AddWebhookCommand.class, RemoveWebhookCommand.class, DeliveriesCommand.class})
public final class WebhooksCommand implements Callable<Integer> {

    private final CliContext context;

    public WebhooksCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Table table = new Table("ID", "EVENTS", "URL", "BY", "SINCE");
        for (JsonNode webhook : context.broker().get("/webhooks").values()) {
            table.row(webhook.path("id").asString("-"), Events.describe(webhook.path("events")),
                    webhook.path("url").asString("-"), webhook.path("createdBy").asString("-"),
                    Times.shown(context, webhook.path("createdAt")));
        }
        table.print(context.out());
        return 0;
    }
}
