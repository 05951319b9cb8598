package dev.hoshu.agent.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The unprivileged account tools run as when the agent runs as root ({@code run --tool-user nobody:nogroup}):
 * util-linux {@code setpriv} sets the user and group and drops every supplementary group, then execs the tool
 * (no shell). Fail closed: an agent told to switch users that cannot (not root, no setpriv) runs no tool at all
 * rather than running it with the agent's own rights.
 *
 * @param user  a user name or numeric id
 * @param group a group name or numeric id
 */
public record ToolUser(String user, String group) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}|[0-9]{1,10}");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    public ToolUser {
        if (user == null || group == null || !NAME.matcher(user).matches() || !NAME.matcher(group).matches()) {
            throw new IllegalArgumentException("a tool user is USER:GROUP, each a name or a number");
        }
        if (user.equals("0") || user.equals("root")) {
            throw new IllegalArgumentException("a tool user must not be root");
        }
    }

    /** @throws IllegalArgumentException with the one line the operator reads, for {@code user:group} malformed */
    public static ToolUser parse(String spec) {
        String[] parts = spec == null ? new String[0] : spec.split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("a tool user is USER:GROUP, e.g. nobody:nogroup");
        }
        return new ToolUser(parts[0], parts[1]);
    }

    /** Whether this process could switch users (it runs as root). */
    public static boolean agentRunsAsRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** What comes before the tool's argv. */
    List<String> prefix() throws IOException {
        if (!agentRunsAsRoot()) {
            throw new IOException("refused: this device runs tools as " + user + ", but the agent cannot switch users "
                    + "(it does not run as root)");
        }
        if (!Files.isExecutable(SETPRIV)) {
            throw new IOException("refused: this device runs tools as " + user + ", but " + SETPRIV + " is missing; "
                    + "install util-linux");
        }
        return List.of(SETPRIV.toString(), "--reuid=" + user, "--regid=" + group, "--clear-groups", "--");
    }
}
