package dev.hoshu.tunnel.control;

/** The broker's answer to a stop report: recorded, or the one-line reason it was not. */
public record StopAnswer(boolean recorded, String error) {

    public static StopAnswer refused(String reason) {
        return new StopAnswer(false, reason);
    }
}
