package dev.hoshu.broker.peering;

import dev.hoshu.tunnel.tls.Providers;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Node certificates for the peer link: issued at each start by the fleet's device CA (which every node shares), naming
 * the node in a SAN URI {@code hoshu:node:NAME}, for both ends of a TLS connection. A device certificate names a device
 * ({@code hoshu:device:…}) and never a node, so the same CA cannot let a device pass as a node.
 */
public final class NodeCertificates {

    static final String URI_PREFIX = "hoshu:node:";
    private static final String DEVICE_URI_PREFIX = "hoshu:device:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeCertificates() {
    }

    public static X509Certificate issue(KeyPair nodeKeys, String node, KeyPair ca, X509Certificate caCert,
                                        Instant notBefore, Instant notAfter) {
        if (!NAME.matcher(node).matches()) {
            throw new IllegalArgumentException("node name must be 1-64 letters, digits, '.', '_' or '-': " + node);
        }
        if (notAfter.isAfter(caCert.getNotAfter().toInstant())) {
            notAfter = caCert.getNotAfter().toInstant();
        }
        try {
            var builder = new JcaX509v3CertificateBuilder(caCert, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                    Date.from(notBefore), Date.from(notAfter), new X500Principal("CN=" + node + ",OU=hoshu-node"),
                    nodeKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                            KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, URI_PREFIX + node)));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Providers.bc())
                    .build(ca.getPrivate());
            return new JcaX509CertificateConverter().setProvider(Providers.bc()).getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue the node certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The node a certificate names.
     *
     * @throws IllegalArgumentException one line: a device certificate, or one that names no node or more than one
     */
    public static String nodeOf(X509Certificate certificate) {
        List<String> nodes = new ArrayList<>();
        String device = null;
        for (String uri : uris(certificate)) {
            if (uri.startsWith(URI_PREFIX)) {
                nodes.add(uri.substring(URI_PREFIX.length()));
            } else if (uri.startsWith(DEVICE_URI_PREFIX)) {
                device = uri.substring(DEVICE_URI_PREFIX.length());
            }
        }
        if (device != null) {
            return refuse("a device certificate (" + device + ") cannot open a peer link; only broker nodes peer");
        }
        if (nodes.size() != 1 || !NAME.matcher(nodes.get(0)).matches()) {
            return refuse("certificate " + certificate.getSubjectX500Principal().getName()
                    + " names no broker node (one SAN URI " + URI_PREFIX + "NAME)");
        }
        return nodes.get(0);
    }

    private static String refuse(String reason) {
        throw new IllegalArgumentException(reason);
    }

    private static List<String> uris(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            List<String> uris = new ArrayList<>();
            if (names != null) {
                for (List<?> name : names) {
                    if (Integer.valueOf(GeneralName.uniformResourceIdentifier).equals(name.get(0))
                            && name.get(1) instanceof String uri) {
                        uris.add(uri);
                    }
                }
            }
            return uris;
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable SAN in peer certificate: " + e.getMessage(), e);
        }
    }
}
