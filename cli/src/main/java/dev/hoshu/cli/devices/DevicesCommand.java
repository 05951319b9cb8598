package dev.hoshu.cli.devices;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * {@code hoshu devices}: the hospital's device ledger, with a large clock offset flagged and a device switched off
 * on site shown as such.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List your hospital's devices: status, tunnel, on-site switch, inventory, clock offset,"
                + " certificate expiry.")
public final class DevicesCommand implements Callable<Integer> {

    private final CliContext context;

    public DevicesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Table table = new Table("DEVICE", "STATUS", "ONLINE", "ON-SITE", "AGENT", "MODEL", "OS", "FIRMWARE", "CLOCK",
                "CERT-UNTIL", "LAST-SEEN");
        for (JsonNode device : context.broker().get("/devices").values()) {
            table.row(text(device, "id"), text(device, "status"), online(device), onSite(device),
                    text(device, "agentVersion"),
                    text(device, "model"), text(device, "os"), text(device, "firmware"), clock(device),
                    time(device, "certificateNotAfter"), time(device, "lastSeen"));
        }
        table.print(context.out());
        return 0;
    }

    private String online(JsonNode device) {
        return device.path("online").asBoolean(false) ? "since " + time(device, "connectedSince") : "no";
    }

    /** The on-site switch as the agent last reported it: staff at the device turned remote maintenance off. */
    private String onSite(JsonNode device) {
        JsonNode onSite = device.path("onSite");
        if (!onSite.isObject()) {
            return "-";
        }
        return onSite.path("off").asBoolean(false) ? "OFF since " + time(onSite, "since") : "on";
    }

    /** The offset as the broker measured it; a flagged one says so, since recordings carry it. */
    private static String clock(JsonNode device) {
        JsonNode offset = device.path("clockOffsetMs");
        if (!offset.isNumber()) {
            return "-";
        }
        String shown = (offset.asLong() > 0 ? "+" : "") + offset.asLong() + "ms";
        return device.path("clockOffsetWarning").asBoolean(false) ? shown + " (!)" : shown;
    }

    private String time(JsonNode device, String field) {
        String value = device.path(field).asString("");
        try {
            return value.isBlank() ? "-" : context.clockTime(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    private static String text(JsonNode device, String field) {
        String value = device.path(field).asString("");
        return value.isBlank() ? "-" : value;
    }
}
