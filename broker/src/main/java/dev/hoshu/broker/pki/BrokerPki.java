package dev.hoshu.broker.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Everything in {@code data/pki}, created on first start and loaded on later ones.
 *
 * @param userCa     the SSH user CA key pair that signs grant certificates
 * @param brokerSsh  the broker's SSH client key inside tunnels (agents pin it at enrollment)
 * @param sealKeys   the Ed25519 key that seals recordings now, and every one that sealed before
 */
public record BrokerPki(DeviceCas deviceCas, KeyPair userCa, KeyPair brokerSsh, SealKeyRing sealKeys) {

    /** The key that seals recordings opened now; it changes at a seal key rotation. */
    public KeyPair recordingSeal() {
        return sealKeys.current();
    }

    /** The device CA that signs now; it changes at a rotation's switch. */
    public DeviceCa deviceCa() {
        return deviceCas.issuing();
    }

    /** The tunnel server's certificate under the device CA that signs now. */
    public TunnelCertificate tunnel() {
        return deviceCas.tunnel();
    }

    /**
     * @param serverNames DNS names and IP literals for the tunnel certificate; the node name is added
     */
    public static BrokerPki openOrCreate(Path pkiDir, List<String> serverNames, String nodeName, Clock clock)
            throws IOException {
        PkiDirectory.prepare(pkiDir);
        LinkedHashSet<String> names = new LinkedHashSet<>(serverNames);
        names.add(nodeName);
        DeviceCas deviceCas = new DeviceCas(pkiDir, List.copyOf(names), nodeName, clock);
        KeyPair userCa = SshKeyFiles.loadOrCreate(pkiDir.resolve("user-ca.key"), "hoshu-user-ca@" + nodeName);
        KeyPair brokerSsh = SshKeyFiles.loadOrCreate(pkiDir.resolve("broker-ssh.key"), "hoshu-broker@" + nodeName);
        SealKeyRing sealKeys = SealKeyRing.openOrCreate(pkiDir, clock);
        return new BrokerPki(deviceCas, userCa, brokerSsh, sealKeys);
    }
}
