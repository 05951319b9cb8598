package dev.hoshu.agent.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pty4j.PtyProcessBuilder;

import dev.hoshu.tools.VerifiedTool;

/**
 * Starts a verified tool: by argv (never a shell), in its own directory, with an environment that
 * carries nothing of the agent's, as the configured unprivileged user (if any), and as the leader of a new session so the whole tree can be found
 * and stopped later.
 */
final class ToolLauncher {

    static final String PATH = "/usr/bin:/bin";
    static final String LANG = "C.UTF-8";
    /** util-linux setsid is not a shell: it calls setsid(2) and execs its argv. */
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final boolean ownSession;
    /** Null: tools run as the agent's own user. */
    private final ToolUser toolUser;

    ToolLauncher(ToolUser toolUser) {
        this.ownSession = Files.isExecutable(SETSID);
        this.toolUser = toolUser;
    }

    Process start(VerifiedTool tool, ToolInvocation invocation) throws IOException {
        if (!ownSession) {
            // Without a session of its own, children a tool leaves behind could not all be found and stopped.
            throw new IOException("refused: " + SETSID + " is missing, so the tool's processes could not be "
                    + "stopped as a whole; install util-linux");
        }
        List<String> argv = new ArrayList<>();
        // --wait: if setsid has to fork, it still reports the tool's own exit status.
        argv.add(SETSID.toString());
        argv.add("--wait");
        argv.addAll(userSwitch());
        argv.add(tool.entrypoint().toString());
        argv.addAll(invocation.args());
        ProcessBuilder builder = new ProcessBuilder(argv).directory(tool.directory().toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(environment(invocation));
        return builder.start();
    }

    /**
     * Starts a tool whose manifest says {@code needsTerminal} on a new pseudo-terminal of the engineer's size. pty4j's
     * child calls setsid(2) and takes the terminal as its controlling one, so the tool leads its own session as with
     * {@code setsid} (which must not be used here: it would fork away from the terminal).
     */
    Process startInTerminal(VerifiedTool tool, ToolInvocation invocation, Terminal terminal) throws IOException {
        List<String> argv = new ArrayList<>(userSwitch());
        argv.add(tool.entrypoint().toString());
        argv.addAll(invocation.args());
        Map<String, String> environment = new java.util.HashMap<>(environment(invocation));
        environment.put("TERM", terminal.type());
        return new PtyProcessBuilder(argv.toArray(String[]::new))
                .setEnvironment(environment)
                .setDirectory(tool.directory().toString())
                .setInitialColumns(terminal.columns())
                .setInitialRows(terminal.rows())
                .setRedirectErrorStream(true)
                .start();
    }

    private List<String> userSwitch() throws IOException {
        return toolUser == null ? List.of() : toolUser.prefix();
    }

    /** Nothing of the agent's own environment: a fixed PATH and locale, and the session the tool runs for. */
    private static Map<String, String> environment(ToolInvocation invocation) {
        return Map.of("PATH", PATH, "LANG", LANG, "HOSHU_SESSION", invocation.session());
    }
}
