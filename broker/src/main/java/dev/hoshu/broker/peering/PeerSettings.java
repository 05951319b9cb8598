package dev.hoshu.broker.peering;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The peer link ({@code hoshu.fleet.peer.*}), used with {@code hoshu.state.backend: redis}.
 *
 * @param host             where the peer port listens
 * @param port             the peer port (0: any free port, for tests)
 * @param address          {@code host:port} the other nodes dial, as this node advertises it in the tunnel directory
 * @param handshakeTimeout the longest a TLS handshake on the peer link may take, each way
 */
@ConfigurationProperties("hoshu.fleet.peer")
public record PeerSettings(String host, Integer port, String address, Duration handshakeTimeout) {

    public PeerSettings {
        host = host == null || host.isBlank() ? "0.0.0.0" : host.strip();
        port = port == null ? 7444 : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("hoshu.fleet.peer.port must be 0-65535, not " + port);
        }
        address = address == null || address.isBlank() ? null : address.strip();
        if (address != null && !address.matches("[A-Za-z0-9.:\\[\\]-]{1,255}:[0-9]{1,5}")) {
            throw new IllegalArgumentException("hoshu.fleet.peer.address must be host:port, not " + address);
        }
        handshakeTimeout = handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()
                ? Duration.ofSeconds(10) : handshakeTimeout;
    }

    /** The advertised address: the configured one, else the bound host (or, bound to every address, the node name). */
    String advertised(String nodeName, int boundPort) {
        if (address != null) {
            return address;
        }
        boolean everyAddress = host.equals("0.0.0.0") || host.equals("::");
        return (everyAddress ? nodeName : host) + ":" + boundPort;
    }
}
