package dev.hoshu.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes Ed25519 and EC keys as PEM {@code PUBLIC KEY} (SPKI) and {@code PRIVATE KEY} (PKCS#8). */
public final class Pem {

    private static final List<String> ALGORITHMS = List.of("Ed25519", "EC");
    private static final int MAX_PEM_BYTES = 64 * 1024;

    private Pem() {
    }

    public static PublicKey readPublicKey(Path file) throws IOException {
        return parsePublicKey(readSmall(file), file.toString());
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return parsePrivateKey(readSmall(file), file.toString());
    }

    public static PublicKey parsePublicKey(String pem, String source) throws IOException {
        byte[] der = body(pem, "PUBLIC KEY", source);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next algorithm
            }
        }
        throw new IOException(source + ": not an Ed25519 or EC public key");
    }

    public static PrivateKey parsePrivateKey(String pem, String source) throws IOException {
        byte[] der = body(pem, "PRIVATE KEY", source);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next algorithm
            }
        }
        throw new IOException(source + ": not an Ed25519 or EC private key");
    }

    public static String publicKeyPem(PublicKey key) {
        return encode("PUBLIC KEY", key.getEncoded());
    }

    public static String privateKeyPem(PrivateKey key) {
        return encode("PRIVATE KEY", key.getEncoded());
    }

    /** True if the text holds a PEM block of the given type (used to pick key files out of a directory). */
    public static boolean holds(String pem, String type) {
        return pem.contains("-----BEGIN " + type + "-----");
    }

    private static String readSmall(Path file) throws IOException {
        if (Files.size(file) > MAX_PEM_BYTES) {
            throw new IOException(file + ": too large for a PEM key");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static byte[] body(String pem, String type, String source) throws IOException {
        Matcher m = Pattern.compile("-----BEGIN " + type + "-----([A-Za-z0-9+/=\\s]+)-----END " + type + "-----")
                .matcher(pem);
        if (!m.find()) {
            throw new IOException(source + ": no PEM " + type + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": PEM " + type + " block is not valid base64");
        }
    }

    private static String encode(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }
}
