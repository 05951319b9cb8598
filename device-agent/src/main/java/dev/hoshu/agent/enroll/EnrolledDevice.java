package dev.hoshu.agent.enroll;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** Everything enrollment gave the device: who it is, its key and certificate, whom it trusts. */
public record EnrolledDevice(String deviceId, String hospital, BrokerAddress broker, PrivateKey key,
        List<X509Certificate> chain, X509Certificate ca, PublicKey brokerSshKey) {

    public EnrolledDevice {
        chain = List.copyOf(chain);
    }

    /** The device key; it is also the SSH host key, so the broker can match it to the certificate. */
    public KeyPair keyPair() {
        return new KeyPair(chain.get(0).getPublicKey(), key);
    }
}
