package dev.hoshu.agent.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The unprivileged account tools run as when the agent runs as root ({@code run --tool-user nobody:nogroup}):
 * util-linux {@code setpriv} sets the user and group, drops every supplementary group and every capability (and the
 * right to gain any: no set-uid program can make the tool root again), then execs the tool (no shell). Fail closed:
 * an agent told to switch users that cannot (not root, no setpriv) runs no tool at all rather than running it with
 * the agent's own rights, and a tool user that would be root in any form ({@code 0}, {@code 000}, {@code root}, a
 * name with uid or gid 0, an id that wraps to 0 or means "unchanged") is refused.
 *
 * @param user  a user name or numeric id
 * @param group a group name or numeric id
 */
public record ToolUser(String user, String group) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");
    /** setresuid(2) reads (uid_t) -1 as "leave unchanged", and larger numbers wrap: so root would stay root. */
    private static final long LARGEST_ID = 0xFFFF_FFFEL;
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /** The ids the tool runs with, neither of them root's. */
    public record Ids(long uid, long gid) {
    }

    public ToolUser {
        if (user == null || group == null || !isNameOrNumber(user) || !isNameOrNumber(group)) {
            throw new IllegalArgumentException("a tool user is USER:GROUP, each a name or a number");
        }
        if (user.equals("root") || isNumber(user) && Long.parseLong(user) == 0) {
            throw new IllegalArgumentException("a tool user must not be root");
        }
        if (group.equals("root") || isNumber(group) && Long.parseLong(group) == 0) {
            throw new IllegalArgumentException("a tool user's group must not be root's");
        }
        if (isNumber(user) && Long.parseLong(user) > LARGEST_ID || isNumber(group) && Long.parseLong(group) > LARGEST_ID) {
            throw new IllegalArgumentException("a numeric tool user or group must be at most " + LARGEST_ID);
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

    /**
     * The uid and gid this device's accounts give the user and group, looked up now (accounts change).
     *
     * @throws IOException with the one line the operator reads: a name that is no account here, or is root's
     */
    public Ids ids() throws IOException {
        return ids(NameServiceAccounts.INSTANCE);
    }

    Ids ids(Accounts accounts) throws IOException {
        long uid = isNumber(user) ? Long.parseLong(user) : found(accounts.uidOf(user), "user " + user);
        long gid = isNumber(group) ? Long.parseLong(group) : found(accounts.gidOf(group), "group " + group);
        if (uid == 0) {
            throw new IOException("the tool user " + user + " has uid 0 here: it is root");
        }
        if (gid == 0) {
            throw new IOException("the tool group " + group + " has gid 0 here: it is root's group");
        }
        return new Ids(uid, gid);
    }

    /** What comes before the tool's argv. */
    List<String> prefix() throws IOException {
        return prefix(NameServiceAccounts.INSTANCE);
    }

    List<String> prefix(Accounts accounts) throws IOException {
        if (!agentRunsAsRoot()) {
            throw new IOException("refused: this device runs tools as " + user + ", but the agent cannot switch users "
                    + "(it does not run as root)");
        }
        if (!Files.isExecutable(SETPRIV)) {
            throw new IOException("refused: this device runs tools as " + user + ", but " + SETPRIV + " is missing; "
                    + "install util-linux");
        }
        Ids ids;
        try {
            ids = ids(accounts);
        } catch (IOException e) {
            throw new IOException("refused: " + e.getMessage());
        }
        // Numbers, not names: setpriv then runs the tool with exactly the ids checked above.
        return List.of(SETPRIV.toString(), "--reuid=" + ids.uid(), "--regid=" + ids.gid(), "--clear-groups",
                "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--");
    }

    private static long found(OptionalLong id, String what) throws IOException {
        if (id.isEmpty()) {
            throw new IOException("the tool " + what + " is no account on this device");
        }
        return id.getAsLong();
    }

    private static boolean isNameOrNumber(String value) {
        return NAME.matcher(value).matches() || isNumber(value);
    }

    private static boolean isNumber(String value) {
        return NUMBER.matcher(value).matches();
    }
}
