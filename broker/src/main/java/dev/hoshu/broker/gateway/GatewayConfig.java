package dev.hoshu.broker.gateway;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the engineers' SSH gateway listens and who it is.
 *
 * @param port        0 picks a free port (tests)
 * @param hostKeyFile created on first start, owner-only, and reused so engineers' known_hosts stay valid
 * @param nodeName    this broker node's name, written into every recording header
 */
public record GatewayConfig(String bindHost, int port, Path hostKeyFile, String nodeName) {

    public GatewayConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(hostKeyFile, "hostKeyFile");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("gateway port " + port + " is outside 0..65535");
        }
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("gateway node name is empty");
        }
    }
}
