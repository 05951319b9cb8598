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
        progress(out, status.path("progress"));
        out.println("next step: " + text(status.path("nextStep")));
    }

    /** How many active devices lag behind the phase, and which: what tells the operator it is safe to go on. */
    private static void progress(PrintWriter out, JsonNode progress) {
        if (!progress.isObject()) {
            return;
        }
        int active = progress.path("active").asInt(0);
        int lagging = progress.path("lagging").asInt(0);
        if (progress.path("waitingFor").isNull() || progress.path("waitingFor").isMissingNode()) {
            out.println("devices:  " + active + " active");
            return;
        }
        out.println("devices:  " + active + " active; " + lagging + " " + text(progress.path("waitingFor"))
                + (lagging == 0 ? "" : ":"));
        JsonNode named = progress.path("devices");
        for (JsonNode device : named) {
            out.println("          " + TerminalText.oneLine(device.asString("")));
        }
        if (lagging > named.size()) {
            out.println("          and " + (lagging - named.size()) + " more");
        }
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
