package dev.hoshu.cli.accounts;

import dev.hoshu.cli.TerminalText;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The one line after a disable or enable: whose account, and what stands against it now. */
final class AccountLines {

    private AccountLines() {
    }

    static String after(String verb, JsonNode account) {
        List<String> standing = new ArrayList<>();
        for (JsonNode disable : account.path("disabled").values()) {
            String scope = disable.path("scope").asString("?");
            standing.add(("everywhere".equals(scope) ? "everywhere" : "at " + scope) + " (locks "
                    + disable.path("locks").size() + ")");
        }
        return verb + " account " + TerminalText.oneLine(account.path("subject").asString("?")) + ": "
                + (standing.isEmpty() ? "no disable stands" : "disabled " + String.join(", ", standing));
    }
}
