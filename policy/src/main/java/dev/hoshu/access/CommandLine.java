package dev.hoshu.access;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an SSH exec string into argv the way an engineer expects from a shell, but without any of a
 * shell's power: spaces separate, single and double quotes group, and nothing is escaped, expanded
 * or substituted. The result is handed to the device as a list, never as a shell line.
 */
public final class CommandLine {

    public static final int MAX_ARGS = 64;
    public static final int MAX_BYTES = 4096;

    private CommandLine() {
    }

    /**
     * @return argv; element 0 is the tool name
     * @throws IllegalArgumentException with a one-line reason for empty, oversized or malformed lines
     */
    public static List<String> parse(String line) {
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("refused: empty command");
        }
        if (line.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("refused: command is longer than " + MAX_BYTES + " bytes");
        }
        if (line.codePoints().anyMatch(cp -> Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029)) {
            throw new IllegalArgumentException("refused: command contains a control character");
        }
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArg = true;
            } else if (c == ' ') {
                if (inArg) {
                    addArg(args, current);
                    inArg = false;
                }
            } else {
                current.append(c);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("refused: unbalanced " + (quote == '"' ? "double" : "single")
                    + " quote in command");
        }
        if (inArg) {
            addArg(args, current);
        }
        return List.copyOf(args);
    }

    /**
     * The exec string that {@link #parse} splits back into exactly {@code argv}: what a client such as
     * {@code hoshu ssh} sends, since SSH carries one string, not a list.
     *
     * @throws IllegalArgumentException with a one-line reason for an argument no command may hold
     */
    public static String join(List<String> argv) {
        StringBuilder line = new StringBuilder();
        for (String arg : argv) {
            if (arg.codePoints().anyMatch(cp -> Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029)) {
                throw new IllegalArgumentException("refused: argument contains a control character");
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(quote(arg));
        }
        return line.toString();
    }

    /** Plain words stay as they are; anything else is single-quoted, each {@code '} as {@code "'"}. */
    private static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\'' || c == '"')) {
            return arg;
        }
        StringBuilder quoted = new StringBuilder();
        StringBuilder run = new StringBuilder();
        for (char c : arg.toCharArray()) {
            if (c == '\'') {
                quoted.append('\'').append(run).append('\'').append("\"'\"");
                run.setLength(0);
            } else {
                run.append(c);
            }
        }
        return quoted.append('\'').append(run).append('\'').toString();
    }

    private static void addArg(List<String> args, StringBuilder current) {
        if (args.size() == MAX_ARGS) {
            throw new IllegalArgumentException("refused: command has more than " + MAX_ARGS + " arguments");
        }
        args.add(current.toString());
        current.setLength(0);
    }
}
