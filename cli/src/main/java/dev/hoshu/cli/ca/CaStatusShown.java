package dev.hoshu.cli.ca;

import dev.hoshu.cli.TerminalText;
import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/** The broker's {@code /ca} answer as lines: phase, the CAs it involves, the operator's next step. */
final class CaStatusShown {

    private CaStatusShown() {
    }

    static void print(JsonNode status, PrintWriter out) {
        out.println("phase:    " + text(status.path("phase")));
        ca(out, "issuing: ", status.path("issuing"));
        ca(out, "next:    ", status.path("next"));
        ca(out, "previous:", status.path("previous"));
        out.println("trusted:  " + status.path("trusted").size() + " CA(s); retired: " + status.path("retired").asInt(0));
        out.println("next step: " + text(status.path("nextStep")));
    }

    private static void ca(PrintWriter out, String label, JsonNode ca) {
        if (ca.isObject()) {
            out.println(label + " " + text(ca.path("subject")) + "  pin " + text(ca.path("pin")) + "  until "
                    + text(ca.path("notAfter")));
        }
    }

    private static String text(JsonNode node) {
        return TerminalText.oneLine(node.asString("-"));
    }
}
