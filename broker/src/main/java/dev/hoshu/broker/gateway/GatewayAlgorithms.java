package dev.hoshu.broker.gateway;

import java.util.List;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/**
 * The algorithms the engineers' gateway offers: curve25519 key exchange, an Ed25519 host key, AEAD ciphers and
 * encrypt-then-MAC only (what {@code ssh-audit} passes without a warning). MINA's defaults also offer NIST curves,
 * CTR ciphers and encrypt-and-MAC, which every OpenSSH client since 6.5 can do without.
 */
final class GatewayAlgorithms {

    static final List<BuiltinDHFactories> KEY_EXCHANGE = List.of(BuiltinDHFactories.curve25519,
            BuiltinDHFactories.curve25519_libssh);
    static final List<BuiltinCiphers> CIPHERS = List.of(BuiltinCiphers.cc20p1305_openssh, BuiltinCiphers.aes256gcm,
            BuiltinCiphers.aes128gcm);
    static final List<BuiltinMacs> MACS = List.of(BuiltinMacs.hmacsha512etm, BuiltinMacs.hmacsha256etm);
    /** Engineers' grant certificates may be Ed25519, ECDSA or RSA (see EngineerKeys); the host key is Ed25519. */
    static final List<BuiltinSignatures> SIGNATURES = List.of(BuiltinSignatures.ed25519,
            BuiltinSignatures.ed25519_cert, BuiltinSignatures.nistp256, BuiltinSignatures.nistp256_cert,
            BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA512_cert, BuiltinSignatures.rsaSHA256,
            BuiltinSignatures.rsaSHA256_cert);

    private GatewayAlgorithms() {
    }

    static void restrict(SshServer server) {
        server.setKeyExchangeFactories(KEY_EXCHANGE.stream().map(ServerBuilder.DH2KEX).toList());
        server.setCipherFactories(List.copyOf(CIPHERS));
        server.setMacFactories(List.copyOf(MACS));
        server.setSignatureFactories(List.copyOf(SIGNATURES));
        server.setCompressionFactories(List.of(BuiltinCompressions.none));
    }
}
