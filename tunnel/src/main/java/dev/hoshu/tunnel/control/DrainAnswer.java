package dev.hoshu.tunnel.control;

/**
 * The agent's answer to a drain request.
 *
 * @param moving the node the agent now dials instead, or {@code null} when it has none free (it stays until the
 *               tunnel closes, then redials as after any drop)
 * @param error  the one-line refusal, or {@code null}
 */
public record DrainAnswer(String moving, String error) {

    public static DrainAnswer refused(String reason) {
        return new DrainAnswer(null, reason);
    }
}
