package dev.hoshu.tunnel.tls;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * The BouncyCastle providers, registered once at the end of the provider list so the JVM's own
 * defaults stay untouched for everything else (and serve BCJSSE's cryptography first).
 */
public final class Providers {

    private static final String BC = BouncyCastleProvider.PROVIDER_NAME;
    private static final String BCJSSE = "BCJSSE";

    static {
        if (Security.getProvider(BC) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        if (Security.getProvider(BCJSSE) == null) {
            // BCJSSE's TLS, with the record encryption from the JVM's own providers (their AES-GCM uses the CPU's
            // AES instructions, where BouncyCastle's pure-Java ciphers cost most of a tunnel's CPU) and the
            // handshake's signatures and key agreement from BouncyCastle (several times the JVM's speed on 17).
            Security.addProvider(new BouncyCastleJsseProvider(false, TunnelTlsCrypto.provider(bc())));
        }
    }

    private Providers() {
    }

    /** The BouncyCastle JCA provider, registered on first use. */
    public static Provider bc() {
        return Security.getProvider(BC);
    }

    /** The BouncyCastle JSSE provider (BCJSSE), registered on first use. */
    public static Provider jsse() {
        return Security.getProvider(BCJSSE);
    }
}
