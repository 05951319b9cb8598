package dev.hoshu.broker.reversetunnel;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.control.ClockOffset;
import dev.hoshu.tunnel.control.InventoryReport;
import dev.hoshu.tunnel.control.RenewalAnswer;
import dev.hoshu.tunnel.control.SwitchReport;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * What the device tunnels ask of the device ledger: may this device have a tunnel, here is what it reported,
 * sign its renewal. The TLS handshake proved the certificate; this decides whether the device may still use it.
 */
public interface DeviceAuthority {

    /**
     * Called on every tunnel handshake, before SSH starts.
     *
     * @throws TunnelRefusedException with the one line the broker logs: decommissioned, unknown, or a
     *                                certificate that is neither the last nor the previous one issued
     */
    void admit(DeviceIdentity device, SocketAddress from) throws TunnelRefusedException;

    /** The tunnel port refused a certificate in the handshake (expired, another CA, malformed names). */
    void handshakeRefused(String claimedDevice, SocketAddress from, String reason);

    /** The device's tunnel is up and it reported its inventory; the offset is empty if it could not be measured. */
    void online(DeviceIdentity device, InventoryReport report, Optional<ClockOffset> offset);

    /** The device's on-site switch changed while its tunnel was up; called off the I/O threads. */
    default void switched(DeviceIdentity device, SwitchReport report) {
    }

    /** The device's tunnel closed. */
    void offline(DeviceIdentity device);

    /**
     * The device asked, over its tunnel, for a new certificate for {@code csrPem}; called off the I/O threads.
     *
     * @param heldSerial the serial of the certificate the device holds now, as it says; {@code null} for the one
     *                   that opened this tunnel
     * @return the new chain, or a refusal with its one-line reason
     */
    RenewalAnswer renew(DeviceIdentity device, String csrPem, String heldSerial);
}
