package dev.hoshu.tunnel.pki;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.tls.Providers;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Issues and reads the certificates of the tunnel: a self-signed device CA, the tunnel server's
 * certificate, and device certificates whose subject CN and SAN URI name the device.
 */
public final class DeviceCertificates {

    /** Device ids and hospital ids end up inside a URI and in file names; keep them plain. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String URI_PREFIX = "hoshu:device:";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How far back a certificate's notBefore is set, so a device whose clock runs slightly behind accepts it. */
    public static final Duration BACKDATE = Duration.ofMinutes(5);

    private DeviceCertificates() {
    }

    /** A fresh EC P-256 key pair. */
    public static KeyPair newEcKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available: " + e.getMessage(), e);
        }
    }

    /** The agent's certificate request; the broker ignores its subject and names the device itself. */
    public static PKCS10CertificationRequest csr(KeyPair keys, String deviceId) {
        requireName("device id", deviceId);
        try {
            return new JcaPKCS10CertificationRequestBuilder(cn(deviceId), keys.getPublic())
                    .build(signer(keys));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign certificate request: " + e.getMessage(), e);
        }
    }

    public static X509Certificate selfSignedCa(KeyPair keys, String cn, Duration validity) {
        X500Name name = cn(cn);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    notBefore(now), Date.from(now.plus(validity)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Issues a device certificate for a request whose signature proves possession of the key.
     *
     * @throws IllegalArgumentException if the request's signature is wrong or the names are unsafe
     */
    public static X509Certificate issueDevice(PKCS10CertificationRequest csr, String deviceId, String hospital,
            KeyPair ca, X509Certificate caCert, Duration validity) {
        Instant now = Instant.now();
        return issueDevice(csr, deviceId, hospital, ca, caCert, now.minus(BACKDATE), now.plus(validity));
    }

    /** As {@link #issueDevice(PKCS10CertificationRequest, String, String, KeyPair, X509Certificate, Duration)}, for an explicit validity window. */
    public static X509Certificate issueDevice(PKCS10CertificationRequest csr, String deviceId, String hospital,
            KeyPair ca, X509Certificate caCert, Instant notBefore, Instant notAfter) {
        requireName("device id", deviceId);
        requireName("hospital", hospital);
        PublicKey key = verifiedKey(csr);
        GeneralNames san = new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, URI_PREFIX + hospital + "/" + deviceId));
        return issueLeaf(key, cn(deviceId), san, KeyPurposeId.id_kp_clientAuth, ca, caCert, notBefore, notAfter);
    }

    /**
     * When a device should renew its certificate: half of its nominal lifetime (the backdating not counted)
     * before it expires.
     */
    public static Instant renewalDue(X509Certificate certificate) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant issued = certificate.getNotBefore().toInstant().plus(BACKDATE);
        Duration nominal = Duration.between(issued, notAfter);
        return notAfter.minus(nominal.isNegative() ? Duration.ZERO : nominal.dividedBy(2));
    }

    /** The tunnel server's certificate: SAN entries are DNS names or IP literals. */
    public static X509Certificate issueServer(PublicKey key, String cn, List<String> dnsOrIp, KeyPair ca,
            X509Certificate caCert, Duration validity) {
        List<GeneralName> names = new ArrayList<>();
        for (String entry : dnsOrIp) {
            names.add(isIpLiteral(entry)
                    ? new GeneralName(GeneralName.iPAddress, entry)
                    : new GeneralName(GeneralName.dNSName, entry));
        }
        GeneralNames san = new GeneralNames(names.toArray(GeneralName[]::new));
        Instant now = Instant.now();
        return issueLeaf(key, cn(cn), san, KeyPurposeId.id_kp_serverAuth, ca, caCert, now.minus(BACKDATE),
                now.plus(validity));
    }

    /**
     * Reads who a device certificate names. Fails closed: CN and SAN URI must both be present,
     * well formed and agree.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static DeviceIdentity identityOf(X509Certificate certificate) {
        String cn = commonName(certificate.getSubjectX500Principal());
        String uri = deviceUri(certificate);
        if (uri == null) {
            throw new IllegalArgumentException("certificate of " + cn + " has no hoshu:device SAN URI");
        }
        String rest = uri.substring(URI_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("malformed device URI in certificate: " + uri);
        }
        String hospital = rest.substring(0, slash);
        String deviceId = rest.substring(slash + 1);
        requireName("hospital", hospital);
        requireName("device id", deviceId);
        if (!deviceId.equals(cn)) {
            throw new IllegalArgumentException("certificate CN " + cn + " does not match its device URI " + uri);
        }
        return new DeviceIdentity(deviceId, hospital, certificate);
    }

    private static X509Certificate issueLeaf(PublicKey key, X500Name subject, GeneralNames san, KeyPurposeId purpose,
            KeyPair ca, X509Certificate caCert, Instant notBefore, Instant notAfter) {
        if (notAfter.isAfter(caCert.getNotAfter().toInstant())) {
            notAfter = caCert.getNotAfter().toInstant();
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(notBefore),
                    Date.from(notAfter), new X500Principal(subject.getEncoded()), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectAlternativeName, false, san)
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            return sign(builder, ca);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue certificate: " + e.getMessage(), e);
        }
    }

    private static PublicKey verifiedKey(PKCS10CertificationRequest csr) {
        try {
            JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(csr).setProvider(Providers.bc());
            PublicKey key = request.getPublicKey();
            if (!"EC".equals(key.getAlgorithm()) && !"ECDSA".equals(key.getAlgorithm())) {
                throw new IllegalArgumentException("certificate request must carry an EC key, not " + key.getAlgorithm());
            }
            boolean valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(Providers.bc()).build(key));
            if (!valid) {
                throw new IllegalArgumentException("certificate request signature is invalid");
            }
            return key;
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("certificate request is unreadable: " + e.getMessage(), e);
        }
    }

    private static String deviceUri(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return null;
            }
            String found = null;
            for (List<?> name : names) {
                if (Integer.valueOf(GeneralName.uniformResourceIdentifier).equals(name.get(0))
                        && name.get(1) instanceof String uri && uri.startsWith(URI_PREFIX)) {
                    if (found != null) {
                        throw new IllegalArgumentException("certificate names more than one device");
                    }
                    found = uri;
                }
            }
            return found;
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable SAN in certificate: " + e.getMessage(), e);
        }
    }

    private static String commonName(X500Principal principal) {
        X500Name name = X500Name.getInstance(principal.getEncoded());
        var rdns = name.getRDNs(BCStyle.CN);
        if (rdns.length != 1) {
            throw new IllegalArgumentException("certificate subject must have exactly one CN: " + principal.getName());
        }
        return rdns[0].getFirst().getValue().toString();
    }

    static void requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    private static boolean isIpLiteral(String entry) {
        return IPV4.matcher(entry).matches() || entry.contains(":");
    }

    private static X500Name cn(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    private static ContentSigner signer(KeyPair keys) throws OperatorCreationException {
        return new JcaContentSignerBuilder(SIGNATURE).setProvider(Providers.bc()).build(keys.getPrivate());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().setProvider(Providers.bc())
                    .getCertificate(builder.build(signer(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    /** Backdated a little so a device whose clock runs slightly behind still accepts the certificate. */
    private static Date notBefore(Instant now) {
        return Date.from(now.minus(BACKDATE));
    }
}
