package dev.hoshu.broker.gateway;

/**
 * What an SSH client may ask of a server and Hoshu never grants (REQ-TOOL-4), with the name its audit
 * event carries and the ssh option an engineer recognises it by.
 */
enum ClosedFeature {

    SHELL("shell", "an interactive shell"),
    LOCAL_FORWARDING("port-forwarding", "port forwarding (-L, -D, -W)"),
    REMOTE_FORWARDING("remote-forwarding", "remote port forwarding (-R)"),
    AGENT_FORWARDING("agent-forwarding", "agent forwarding (-A)"),
    X11_FORWARDING("x11-forwarding", "X11 forwarding (-X, -Y)"),
    ENVIRONMENT("environment", "setting environment variables (SendEnv, SetEnv)"),
    SUBSYSTEM("subsystem", "a subsystem"),
    TUNNEL_DEVICE("tun-forwarding", "tunnel device forwarding (-w)");

    private final String auditName;
    private final String described;

    ClosedFeature(String auditName, String described) {
        this.auditName = auditName;
        this.described = described;
    }

    String auditName() {
        return auditName;
    }

    /** The engineer's one line: what was refused, what it was, and that Hoshu runs signed tools only. */
    String refusal(String detail) {
        return "refused: " + described + (detail == null || detail.isEmpty() ? "" : " " + detail)
                + " is not allowed through Hoshu; it runs signed tools only (REQ-TOOL-4)";
    }
}
