package dev.hoshu.bench.jvm;

import java.util.List;

/**
 * The layers a byte crosses inside Hoshu that can cost CPU, by the packages that implement them. A
 * sample counts for a layer when any frame of its stack is in it, so the shares are inclusive and
 * say how much would go if that layer cost nothing.
 */
public enum CostLayer {
    TLS_RECORDS("tunnel TLS record encryption (BCJSSE)", List.of("org.bouncycastle.tls.crypto.")),
    SSH_CIPHERS("SSH cipher and MAC (MINA)", List.of("org.apache.sshd.common.cipher.", "org.apache.sshd.common.mac.")),
    RECORDING("recording (event JSON, hash chain, file append)",
            List.of("dev.hoshu.recording.", "dev.hoshu.broker.recording."));

    private final String label;
    private final List<String> packagePrefixes;

    CostLayer(String label, List<String> packagePrefixes) {
        this.label = label;
        this.packagePrefixes = packagePrefixes;
    }

    public String label() {
        return label;
    }

    boolean contains(String typeName) {
        return packagePrefixes.stream().anyMatch(typeName::startsWith);
    }
}
