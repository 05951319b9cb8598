package dev.hoshu.tunnel;

import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Told when an enrolled device's tunnel is up: TLS done, client certificate verified against the
 * device CA. The broker binds its SSH client to the channel; the channel closing ends the tunnel.
 */
public interface TunnelListener {

    void tunnelOpened(DeviceIdentity device, Channel channel);

    /**
     * Why the broker takes no new tunnel right now, if it takes none: tunnels it was already given are still
     * waiting to be bound. Asked before each connection's TLS handshake, on a network thread, so it must be cheap.
     * While it answers, new connections wait unread in the tunnel port's lobby (up to 55 s) and start in arrival
     * order once it answers empty; a connection admitted while the broker is behind would cost a full handshake and
     * then wait.
     */
    default Optional<String> busy() {
        return Optional.empty();
    }

    /**
     * Told when the tunnel port refused a device's certificate during the handshake (expired, another CA,
     * malformed names), so the broker can audit it. Called off the network threads.
     *
     * @param claimedDevice the device id the certificate names, unproven; {@code null} when it names none
     * @param reason        one line
     */
    default void tunnelRefused(String claimedDevice, SocketAddress from, String reason) {
    }

    /**
     * Rehearses, before the port opens, what the listener does with each new tunnel, while the port rehearses its
     * TLS handshakes ({@link dev.hoshu.tunnel.tls.HandshakeRehearsal}); on a thread of its own. Must end within
     * {@code budget}, or soon after {@code stop} answers true.
     *
     * @return one line for the broker's log; empty when there is nothing to rehearse
     */
    default Optional<String> rehearse(Duration budget, BooleanSupplier stop) {
        return Optional.empty();
    }
}
