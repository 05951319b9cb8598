package dev.hoshu.bench.hoshu;

import java.util.Map;

import dev.hoshu.bench.process.FreePort;

/** The three loopback ports a quickstart broker listens on, chosen free for each run. */
public record QuickstartPorts(int http, int ssh, int tunnel) {

    public static QuickstartPorts free() {
        return new QuickstartPorts(FreePort.onLoopback(), FreePort.onLoopback(), FreePort.onLoopback());
    }

    public Map<String, String> environment() {
        return Map.of(
                "HOSHU_HTTP_PORT", Integer.toString(http),
                "HOSHU_SSH_PORT", Integer.toString(ssh),
                "HOSHU_TUNNEL_PORT", Integer.toString(tunnel));
    }
}
