package dev.hoshu.agent.enroll;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Everything enrollment gave the device: who it is, its key and certificate, whom it trusts.
 *
 * @param trustedCas the broker's device CAs it trusts: the one pinned at enrollment, two during a rotation
 */
public record EnrolledDevice(String deviceId, String hospital, BrokerAddress broker, PrivateKey key,
        List<X509Certificate> chain, List<X509Certificate> trustedCas, PublicKey brokerSshKey) {

    public EnrolledDevice {
        chain = List.copyOf(chain);
        trustedCas = List.copyOf(trustedCas);
        if (trustedCas.isEmpty()) {
            throw new IllegalArgumentException("an enrolled device trusts at least one device CA");
        }
    }

    /** As enrollment leaves it: one CA, the one the join token pinned. */
    public EnrolledDevice(String deviceId, String hospital, BrokerAddress broker, PrivateKey key,
            List<X509Certificate> chain, X509Certificate ca, PublicKey brokerSshKey) {
        this(deviceId, hospital, broker, key, chain, List.of(ca), brokerSshKey);
    }

    /** The CA trusted first: the one pinned at enrollment, or the issuing one of the last rotation. */
    public X509Certificate ca() {
        return trustedCas.get(0);
    }

    /** The device key; it is also the SSH host key, so the broker can match it to the certificate. */
    public KeyPair keyPair() {
        return new KeyPair(chain.get(0).getPublicKey(), key);
    }
}
