package dev.hoshu.tunnel.pki;

import dev.hoshu.tunnel.tls.Providers;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM text and files for certificates, certificate chains, certificate requests and EC private keys (PKCS#8). */
public final class PemFiles {

    /** Far above any chain we issue; stops a hostile peer from making us parse megabytes of PEM. */
    private static final int MAX_PEM_CHARS = 64 * 1024;

    private PemFiles() {
    }

    public static String toPem(X509Certificate certificate) {
        return toPem(List.of(certificate));
    }

    public static String toPem(List<X509Certificate> chain) {
        return write(chain.toArray());
    }

    public static String toPem(PKCS10CertificationRequest csr) {
        return write(csr);
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"), unencrypted: the file's permissions protect it. */
    public static String toPem(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every certificate in the text, in order.
     *
     * @throws IllegalArgumentException if the text holds no certificate or something else
     */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Object object : parseAll(pem)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("expected only certificates in PEM, found " + kind(object));
            }
            try {
                chain.add(new JcaX509CertificateConverter().setProvider(Providers.bc()).getCertificate(holder));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
            }
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate in PEM");
        }
        return List.copyOf(chain);
    }

    public static X509Certificate readCertificate(String pem) {
        List<X509Certificate> chain = readCertificates(pem);
        if (chain.size() != 1) {
            throw new IllegalArgumentException("expected one certificate in PEM, found " + chain.size());
        }
        return chain.get(0);
    }

    public static PKCS10CertificationRequest readCsr(String pem) {
        List<Object> objects = parseAll(pem);
        if (objects.size() != 1 || !(objects.get(0) instanceof PKCS10CertificationRequest csr)) {
            throw new IllegalArgumentException("expected one certificate request in PEM");
        }
        return csr;
    }

    public static PrivateKey readPrivateKey(String pem) {
        List<Object> objects = parseAll(pem);
        if (objects.size() != 1) {
            throw new IllegalArgumentException("expected one private key in PEM, found " + objects.size() + " objects");
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Providers.bc());
            Object object = objects.get(0);
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IllegalArgumentException("expected a private key in PEM, found " + kind(object));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable private key: " + e.getMessage(), e);
        }
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return readCertificates(readSmall(file));
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return readPrivateKey(readSmall(file));
    }

    public static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
        writeAtomically(file, toPem(chain), false);
    }

    /** Writes the key readable by its owner only; the file never exists with wider permissions. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        writeAtomically(file, toPem(key), true);
    }

    /** Writes text by temp file and rename, so a crash leaves either the old or the new content. */
    public static void writeAtomically(Path file, String text, boolean ownerOnly) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temp);
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temp,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            // Keys and certificates must be on disk before the rename names them: after a power cut, a zero-length
            // key would leave a device or the broker unable to start, where the old key still works.
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (java.nio.channels.FileChannel directory = java.nio.channels.FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException ignored) {
            // Some file systems refuse to open a directory; the rename is still atomic there.
        }
    }

    private static String readSmall(Path file) throws IOException {
        if (Files.size(file) > MAX_PEM_CHARS) {
            throw new IOException(file + " is larger than " + MAX_PEM_CHARS + " bytes");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static List<Object> parseAll(String pem) {
        if (pem == null || pem.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("PEM text is missing or larger than " + MAX_PEM_CHARS + " characters");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    private static String write(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String kind(Object object) {
        return object.getClass().getSimpleName();
    }
}
