package dev.hoshu.broker.siem;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA for a test's SIEM: issues EC certificates naming the hosts asked for. */
public final class TestCa {

    private static final AtomicLong SERIAL = new AtomicLong(1);

    /** A key and its certificate chain, leaf first. */
    public record Issued(KeyPair keys, X509Certificate[] chain) {
    }

    private final KeyPair keys;
    private final X509Certificate certificate;

    public TestCa(String name) throws Exception {
        keys = ecKeys();
        certificate = sign(keys, new X500Name("CN=" + name), new X500Name("CN=" + name), keys, true, null);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** @param names DNS names, or IP literals (those containing only digits and dots) */
    public Issued issue(String commonName, String... names) throws Exception {
        KeyPair leaf = ecKeys();
        GeneralName[] sans = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            sans[i] = new GeneralName(names[i].matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
        }
        X509Certificate issued = sign(leaf, new X500Name("CN=" + commonName),
                new X500Name(certificate.getSubjectX500Principal().getName()), keys, false, new GeneralNames(sans));
        return new Issued(leaf, new X509Certificate[] {issued, certificate});
    }

    private static X509Certificate sign(KeyPair subjectKeys, X500Name subject, X500Name issuer, KeyPair issuerKeys,
                                        boolean ca, GeneralNames sans) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(1))), subject, subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (sans != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, sans);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }
}
