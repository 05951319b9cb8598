package dev.hoshu.cli.session;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import dev.hoshu.recording.TerminalBytes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code hoshu sessions join}: watch a live session as a hospital observer. Read-only: it prints the session's output
 * as it happens and never sends input; while it runs it counts as the observer's presence. Ctrl-C leaves.
 */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = {"Watch a live session of your hospital as its observer (approvers and auditors).",
                "Read-only: prints the session's output as it happens; Ctrl-C leaves. A session whose grant requires",
                "an observer starts when one joins and pauses when the last one leaves."})
public final class JoinSessionCommand implements Callable<Integer> {

    /** The view ended without the session's end: dropped as too slow, or the connection was lost. */
    static final int CUT_SHORT = 1;

    @Parameters(index = "0", paramLabel = "SESSION_ID")
    String sessionId;

    private final CliContext context;
    private TerminalBytes screen = new TerminalBytes();
    private final List<String> watching = new ArrayList<>();
    private boolean ended;
    private String dropped;
    /** The first line already counts this observer; their own join event follows it and is not news. */
    private String ownJoin;

    public JoinSessionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("session", sessionId);
        context.broker().stream("/sessions/" + BrokerClient.segment(sessionId) + "/live", this::show);
        context.out().print(screen.finish());
        context.out().flush();
        if (dropped != null) {
            context.err().println("hoshu: dropped from session " + sessionId + ": " + dropped);
            return CUT_SHORT;
        }
        if (!ended) {
            context.err().println("hoshu: the live view of session " + sessionId + " ended before the session did");
            return CUT_SHORT;
        }
        return 0;
    }

    private void show(String line) {
        JsonNode event;
        try {
            event = JsonMapper.shared().readTree(line);
        } catch (JacksonException e) {
            return;
        }
        switch (event.path("k").asString("")) {
            case "live" -> {
                event.path("observers").valueStream().map(o -> o.asString("?")).forEach(watching::add);
                ownJoin = watching.isEmpty() ? null : watching.get(watching.size() - 1);
                note("watching session " + text(event, "session") + ": " + text(event, "command") + " on "
                        + text(event, "device") + " by " + text(event, "engineer") + " (" + text(event, "company")
                        + "), " + text(event, "state") + "; watching now: " + String.join(", ", watching));
            }
            case "o", "e" -> {
                context.out().print(screen.decode(bytes(event)));
                context.out().flush();
            }
            case "observer" -> observer(event);
            case "notice" -> note("to the engineer: " + text(event, "text"));
            case "exec" -> note("the tool started: " + text(event, "tool") + " "
                    + String.join(" ", event.path("args").valueStream().map(a -> a.asString("")).toList()));
            case "pause" -> note("session paused: " + text(event, "reason"));
            case "resume" -> note("session resumed: " + text(event, "reason"));
            case "kill" -> note("session cut by " + text(event, "by") + ": " + text(event, "reason"));
            case "exit" -> note("the tool exited with status " + event.path("status").asInt());
            case "end" -> {
                ended = true;
                note("session " + sessionId + " ended: " + text(event, "how"));
            }
            case "dropped" -> dropped = text(event, "reason");
            default -> {
                // ping, input (its echo arrives as output), stop, seal, and kinds this version does not know
            }
        }
    }

    private void observer(JsonNode event) {
        String subject = text(event, "subject");
        if ("joined".equals(event.path("action").asString(""))) {
            if (subject.equals(ownJoin)) {
                ownJoin = null;
                return;
            }
            watching.add(subject);
            note(subject + " joined; watching now: " + String.join(", ", watching));
        } else {
            watching.remove(subject);
            String why = event.path("why").asString(null);
            note(subject + " left" + (why == null ? "" : " (" + TerminalText.oneLine(why) + ")") + "; watching now: "
                    + (watching.isEmpty() ? "nobody" : String.join(", ", watching)));
        }
    }

    private void note(String line) {
        // A character split across chunks is shown before the note; a fresh decoder takes the output after it.
        context.out().print(screen.finish());
        screen = new TerminalBytes();
        context.out().flush();
        context.err().println("hoshu: " + line);
    }

    private static String text(JsonNode event, String field) {
        return TerminalText.oneLine(event.path(field).asString("-"));
    }

    private static byte[] bytes(JsonNode event) {
        if (event.has("d")) {
            return event.path("d").asString("").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(event.path("b").asString(""));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
