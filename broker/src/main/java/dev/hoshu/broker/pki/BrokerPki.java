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
 * @param recordingSeal the Ed25519 key that seals recordings
 */
public record BrokerPki(DeviceCa deviceCa, TunnelCertificate tunnel, KeyPair userCa, KeyPair brokerSsh,
                        KeyPair recordingSeal) {

    /**
     * @param serverNames DNS names and IP literals for the tunnel certificate; the node name is added
     */
    public static BrokerPki openOrCreate(Path pkiDir, List<String> serverNames, String nodeName, Clock clock)
            throws IOException {
        PkiDirectory.prepare(pkiDir);
        LinkedHashSet<String> names = new LinkedHashSet<>(serverNames);
        names.add(nodeName);
        DeviceCa deviceCa = DeviceCa.loadOrCreate(pkiDir, nodeName);
        TunnelCertificate tunnel = TunnelCertificate.loadOrIssue(pkiDir, deviceCa, List.copyOf(names), clock);
        KeyPair userCa = SshKeyFiles.loadOrCreate(pkiDir.resolve("user-ca.key"), "hoshu-user-ca@" + nodeName);
        KeyPair brokerSsh = SshKeyFiles.loadOrCreate(pkiDir.resolve("broker-ssh.key"), "hoshu-broker@" + nodeName);
        KeyPair seal = SealKeyFile.loadOrCreate(pkiDir.resolve("recording-seal.key"));
        return new BrokerPki(deviceCa, tunnel, userCa, brokerSsh, seal);
    }
}
