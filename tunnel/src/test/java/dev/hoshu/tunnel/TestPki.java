package dev.hoshu.tunnel;

import dev.hoshu.tunnel.pki.DeviceCertificates;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** A device CA with a tunnel server certificate, and devices issued under it, as the broker would have. */
public record TestPki(KeyPair caKeys, X509Certificate ca, KeyPair serverKeys, X509Certificate server) {

    public static TestPki create(String caName) {
        KeyPair caKeys = DeviceCertificates.newEcKey();
        X509Certificate ca = DeviceCertificates.selfSignedCa(caKeys, caName, Duration.ofDays(365));
        KeyPair serverKeys = DeviceCertificates.newEcKey();
        X509Certificate server = DeviceCertificates.issueServer(serverKeys.getPublic(), "broker",
                List.of("localhost", "127.0.0.1"), caKeys, ca, Duration.ofDays(30));
        return new TestPki(caKeys, ca, serverKeys, server);
    }

    public Device device(String deviceId, String hospital) {
        KeyPair keys = DeviceCertificates.newEcKey();
        X509Certificate certificate = DeviceCertificates.issueDevice(DeviceCertificates.csr(keys, deviceId), deviceId,
                hospital, caKeys, ca, Duration.ofDays(7));
        return new Device(keys, List.of(certificate, ca));
    }

    public TunnelServerConfig serverConfig() {
        return new TunnelServerConfig("127.0.0.1", 0, serverKeys.getPrivate(), List.of(server), ca);
    }

    public record Device(KeyPair keys, List<X509Certificate> chain) {
    }
}
