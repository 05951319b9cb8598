package dev.hoshu.broker.reversetunnel;

import dev.hoshu.tunnel.DeviceIdentity;
import java.net.SocketAddress;
import java.security.PublicKey;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a device's SSH host key only when it equals the key of the certificate that device proved
 * in the TLS handshake of the same tunnel, so the SSH layer speaks to the device TLS authenticated.
 */
final class DeviceHostKey implements ServerKeyVerifier {

    private static final Logger log = LoggerFactory.getLogger(DeviceHostKey.class);

    private final DeviceIdentity device;

    DeviceHostKey(DeviceIdentity device) {
        this.device = device;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        PublicKey certified = device.certificate().getPublicKey();
        if (KeyUtils.compareKeys(certified, serverKey)) {
            return true;
        }
        log.warn("refused SSH host key {} of device {} at {}: not the key of its TLS certificate ({})",
                KeyUtils.getFingerPrint(serverKey), device.deviceId(), remoteAddress,
                KeyUtils.getFingerPrint(certified));
        return false;
    }
}
