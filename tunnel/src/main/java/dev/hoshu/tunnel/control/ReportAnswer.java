package dev.hoshu.tunnel.control;

/** The broker's answer to an agent's report: recorded, or the one-line reason it was not. */
public record ReportAnswer(boolean recorded, String error) {

    public static ReportAnswer refused(String reason) {
        return new ReportAnswer(false, reason);
    }
}
