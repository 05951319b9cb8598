package dev.hoshu.tunnel.tls;

import java.security.SecureRandom;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/** BCJSSE's cryptography with {@link TunnelCryptoHelper}'s split between BouncyCastle and the JVM's providers. */
final class TunnelTlsCrypto extends JcaTlsCrypto {

    private TunnelTlsCrypto(TunnelCryptoHelper helper, SecureRandom keys, SecureRandom nonces) {
        super(helper, keys, nonces);
    }

    /** What BCJSSE is built with; every TLS context of the tunnel, on both ends, gets its crypto from here. */
    static JcaTlsCryptoProvider provider(java.security.Provider bc) {
        return new JcaTlsCryptoProvider() {
            @Override
            public JcaTlsCrypto create(SecureRandom keys, SecureRandom nonces) {
                return new TunnelTlsCrypto(new TunnelCryptoHelper(bc), keys, nonces);
            }
        };
    }
}
