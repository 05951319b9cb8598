package dev.hoshu.cli.responsibilities;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code hoshu responsibilities}: who does what for the caller's hospital. */
@Command(name = "responsibilities", mixinStandardHelpOptions = true,
        description = "Show who does what for your hospital's remote maintenance.",
        subcommands = SetResponsibilitiesCommand.class)
public final class ResponsibilitiesCommand implements Callable<Integer> {

    private final CliContext context;

    public ResponsibilitiesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JsonNode sheet = context.broker().get("/responsibilities");
        PrintWriter out = context.out();
        out.println("hospital:            " + TerminalText.oneLine(sheet.path("hospital").asString("-")));
        party(out, "service company:", sheet.path("serviceCompany"));
        party(out, "server operator:", sheet.path("serverOperator"));
        party(out, "manufacturer:", sheet.path("manufacturer"));
        party(out, "responsible person:", sheet.path("responsiblePerson"));
        for (JsonNode contact : sheet.path("emergencyContacts").values()) {
            out.println("emergency contact:   " + TerminalText.oneLine(contact.path("name").asString("-"))
                    + (contact.path("role").isString() ? " (" + TerminalText.oneLine(contact.path("role").asString()) + ")" : "")
                    + ", " + TerminalText.oneLine(contact.path("contact").asString("-")));
        }
        out.println("updated by:          " + TerminalText.oneLine(sheet.path("updatedBy").asString("-")));
        return 0;
    }

    private static void party(PrintWriter out, String label, JsonNode party) {
        out.println(String.format("%-20s %s, %s", label, TerminalText.oneLine(party.path("name").asString("-")),
                TerminalText.oneLine(party.path("contact").asString("-"))));
    }
}
