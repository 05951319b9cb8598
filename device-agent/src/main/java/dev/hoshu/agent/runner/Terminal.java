package dev.hoshu.agent.runner;

import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.sshd.server.Environment;

/**
 * The terminal the broker asked for with {@code pty-req} on the tool's channel (the engineer ran {@code ssh -t}).
 * MINA keeps the request's type and size in the channel's environment; the broker sends no other environment,
 * so a {@code TERM} there means a terminal was asked for.
 *
 * @param type    the terminal type the tool sees as {@code TERM}
 * @param columns width in character cells
 * @param rows    height in character cells
 */
record Terminal(String type, int columns, int rows) {

    static final int MAX_CELLS = 4096;
    /** A type outside this shape (a forged request) is replaced, not passed to the tool's environment. */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final String PLAIN_TYPE = "vt100";

    Terminal {
        type = type != null && TYPE.matcher(type).matches() ? type : PLAIN_TYPE;
        columns = cells(columns, 80);
        rows = cells(rows, 24);
    }

    static Optional<Terminal> of(Environment environment) {
        if (environment == null || environment.getEnv().get(Environment.ENV_TERM) == null) {
            return Optional.empty();
        }
        return Optional.of(new Terminal(environment.getEnv().get(Environment.ENV_TERM),
                number(environment.getEnv().get(Environment.ENV_COLUMNS)),
                number(environment.getEnv().get(Environment.ENV_LINES))));
    }

    /** The size after a {@code window-change}, which MINA writes into the same environment. */
    Terminal resizedAs(Environment environment) {
        return new Terminal(type, number(environment.getEnv().get(Environment.ENV_COLUMNS)),
                number(environment.getEnv().get(Environment.ENV_LINES)));
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** OpenSSH sends 0 when it cannot tell a size; a tool then sees the usual 80x24 rather than an empty screen. */
    private static int cells(int value, int fallback) {
        return value < 1 || value > MAX_CELLS ? fallback : value;
    }
}
